"""For the action server: post an anonymous event to the API through the outbox.

The conversation does not wait for it: the event is stored in the outbox and sent in the
background (about 6 ms less on the first message of every conversation). Never raises
into the conversation: a failure is logged and the outbox retries.
"""

from __future__ import annotations

import logging
import re
import uuid

from assistant.intake.privacy import mask_free_text
from assistant.outbox import get_outbox, idempotency_key
from assistant.stats.models import WITH_TEXT

logger = logging.getLogger(__name__)

PATH = "/api/v1/gebeurtenissen"
TEXT_MAX = 300
WORD = re.compile(r"[^\W\d_]{2,}")  # two or more letters, any alphabet


def is_worth_collecting(text: str) -> bool:
    """Two words or more: "asdf", emoji or a lone "ok" tell the editors nothing."""
    return len(WORD.findall(text or "")) >= 2


async def record_event(settings, soort: str, thema: str | None = None,
                       waarde: int | None = None, tekst: str | None = None,
                       conversation_id: str | None = None) -> bool:
    """Queue one event for the API; True when it is stored (False: it could not be).
    A text goes with its conversation id, so that an erasure can remove it (the API
    keeps only a hash)."""
    try:
        payload: dict = {"soort": soort}
        if thema:
            payload["thema"] = thema
        if waarde is not None:
            payload["waarde"] = waarde
        if tekst and soort in WITH_TEXT:
            payload["tekst"] = mask_free_text(tekst)[:TEXT_MAX]
            if conversation_id:
                payload["conversation_id"] = conversation_id
        # Each event is counted once: a random part keeps two equal events apart.
        key = idempotency_key("gebeurtenis", soort, uuid.uuid4().hex)
        get_outbox(settings).send_soon(PATH, payload, key)
        return True
    except Exception:  # noqa: BLE001 - statistics must never break a conversation
        logger.warning("Gebeurtenis %s niet verstuurd", soort, exc_info=True)
        return False
