"""When the ondernemer said yes, and to which text: kept with every stored record.

The action server puts the moment of the "ja" in the slot ``toestemming_op`` (the time
of that message, ISO 8601 in UTC) and sends it with the intake, the overdracht and the
scan, together with ``Settings.consent_text_version``. The intake's consent also covers
an overdracht or scan later in the same conversation, so the slot is set once and kept
until the ondernemer erases their data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from assistant.handoff.conversation import latest_message_time

CONSENT_TIME_SLOT = "toestemming_op"


def moment_of_latest_message(events: Sequence[Mapping[str, Any]]) -> str:
    """The time of the ondernemer's latest message (now when there is none), ISO in UTC."""
    return (latest_message_time(events) or datetime.now(UTC)).isoformat()


def consent_fields(slots: Mapping[str, Any], version: str) -> dict[str, str]:
    """``toestemming_op`` (when known) and ``toestemming_tekstversie`` for a payload."""
    fields = {"toestemming_tekstversie": version}
    if isinstance(moment := slots.get(CONSENT_TIME_SLOT), str) and moment:
        fields["toestemming_op"] = moment
    return fields
