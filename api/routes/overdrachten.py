"""/api/v1/overdrachten: hand-offs to a schakelteam adviseur, and live takeover.

``POST /overdrachten`` is for the action server only (through its outbox, with
``SCHAKEL_SERVICE_TOKEN``, see ``api/service_auth.py``). Open:
``GET /gesprekken/{conversation_id}/berichten`` (a chat page without push reads the
adviser's messages; it needs the conversation's session token in ``X-Schakel-Sessie``,
see ``assistant/chat_session.py``, never the id alone, and changes nothing). Everything
else needs a bearer token with role ``adviseur`` (or ``beheerder``).

Takeover goes through the app's ``Channel`` (``app.state.channel``, see
``assistant/handoff/delivery.py``): claim pauses the bot, a reply is delivered into the
ondernemer's channel, vrijgeven and sluiten resume the bot. What the ondernemer writes
meanwhile is read from the conversation into the thread whenever the overdracht is
looked at or handed back. A failing channel never fails the request: the change is
stored and the failure is logged (by type only).

Handlers commit before they return: the request's session dependency would only
commit after the response has been sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio.from_thread
from fastapi import (
    APIRouter,
    BackgroundTasks,
    Body,
    Depends,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
)
from sqlalchemy.orm import Session

from api.auth import require_role
from api.deps import MAX_ROW_ID, DbDep, RowId, SettingsDep
from api.erasure import ERASED, QueuedAt, refuse_if_erased
from api.service_auth import ServiceOnly
from assistant import chat_session
from assistant.handoff import notify, service, waiting
from assistant.handoff.config import HandoffSettings, get_handoff_settings
from assistant.handoff.delivery import Channel, StoreOnly
from assistant.handoff.models import Kanaal, Overdracht, Status, Urgentie
from assistant.handoff.schemas import (
    AdviseurBericht,
    BerichtIn,
    BerichtUit,
    GesprekBerichten,
    OverdrachtAangemaakt,
    OverdrachtDetail,
    OverdrachtIn,
    OverdrachtSamenvatting,
    SluitenIn,
    verwachting_of,
)
from assistant.handoff.service import Refusal
from assistant.intake.store import own_intake_referentie
from assistant.staff_tokens import StaffToken

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["overdrachten"])

REFUSALS = {
    Refusal.AL_GECLAIMD: "Deze overdracht is al geclaimd door een andere adviseur.",
    Refusal.NIET_JOUW_CLAIM: "Deze overdracht is geclaimd door een andere adviseur. "
    "Alleen die adviseur kan dit doen.",
    Refusal.NIET_GECLAIMD: "Deze overdracht is nu niet geclaimd door een adviseur.",
    Refusal.GESLOTEN: "Deze overdracht is al gesloten.",
}
NOT_FOUND = "Deze overdracht bestaat niet."
# WhatsApp delivers free text only within 24 hours of the ondernemer's last message.
WHATSAPP_WINDOW = timedelta(hours=24)
WHATSAPP_CLOSED = ("De ondernemer schreef meer dan 24 uur geleden op WhatsApp. WhatsApp "
                   "bezorgt je bericht dan niet. Neem contact op via e-mail of telefoon{contact}.")
KEY_REUSED = "Deze Idempotency-Key is al gebruikt voor een andere overdracht."
KEY_MISSING = "De header Idempotency-Key ontbreekt. Stuur per overdracht een unieke sleutel mee."
PROBLEMS = {
    400: {"description": "Idempotency-Key ontbreekt"},
    404: {"description": "Niet gevonden"},
    409: {"description": "Conflict met de status van de overdracht"},
}


def get_handoff_config() -> HandoffSettings:
    """The overdracht settings (override in tests with ``app.dependency_overrides``)."""
    return get_handoff_settings()


def get_channel(request: Request) -> Channel:
    """The ondernemer's conversation (``create_app`` sets a Rasa channel)."""
    return getattr(request.app.state, "channel", None) or StoreOnly()


HandoffConfigDep = Annotated[HandoffSettings, Depends(get_handoff_config)]
AdviseurDep = Annotated[StaffToken, Depends(require_role("adviseur"))]
ChannelDep = Annotated[Channel, Depends(get_channel)]
T = TypeVar("T")


def _in_channel(
    overdracht: Overdracht, call: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
) -> T | None:
    """Run a channel call from the worker thread; a failure is logged and gives None."""
    try:
        return anyio.from_thread.run(partial(call, *args, **kwargs))
    except Exception as exc:
        logger.warning(
            "Channel %s for overdracht %s failed: %s",
            getattr(call, "__name__", "call"), overdracht.referentie, type(exc).__name__,
        )
        return None


def _sync_thread(session: Session, overdracht: Overdracht, channel: Channel) -> None:
    """Bring what the ondernemer wrote during the takeover into the thread."""
    if overdracht.status != Status.GECLAIMD:
        return
    messages = _in_channel(overdracht, channel.ondernemer_messages, overdracht)
    if messages and service.add_ondernemer_messages(session, overdracht.id, messages):
        session.commit()
        session.expire(overdracht)


@contextmanager
def _as_problems() -> Iterator[None]:
    """Service errors → HTTP problems with a Dutch detail."""
    try:
        yield
    except service.NotFound:
        raise HTTPException(404, NOT_FOUND) from None
    except service.TransitionRefused as exc:
        raise HTTPException(409, REFUSALS[exc.reason]) from None
    except service.IdempotencyConflict:
        raise HTTPException(409, KEY_REUSED) from None


def _committed(session: Session, action: Callable[[], Overdracht]) -> Overdracht:
    with _as_problems():
        overdracht = action()
    session.commit()
    session.expire(overdracht)  # reload with the thread lines just added
    return overdracht


def _committed_detail(session: Session, action: Callable[[], Overdracht]) -> OverdrachtDetail:
    return OverdrachtDetail.from_model(_committed(session, action))


@router.post(
    "/overdrachten",
    status_code=201,
    summary="Maak een overdracht naar een adviseur (idempotent)",
    responses={200: {"description": "Herhaling: dezelfde overdracht"}, **PROBLEMS, **ERASED},
    dependencies=[ServiceOnly],
)
def create_overdracht(
    data: OverdrachtIn,
    response: Response,
    session: DbDep,
    config: HandoffConfigDep,
    background: BackgroundTasks,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    queued_at: QueuedAt = None,
) -> OverdrachtAangemaakt:
    """Aangeroepen door de actieserver. Dezelfde `Idempotency-Key` met dezelfde inhoud
    geeft dezelfde overdracht terug (200); met andere inhoud volgt 409. Een
    `intake_referentie` wordt alleen gekoppeld als die intake bij hetzelfde gesprek hoort."""
    if not idempotency_key or not idempotency_key.strip():
        raise HTTPException(400, KEY_MISSING)
    refuse_if_erased(session, data.conversation_id, queued_at)
    # A dossiernummer of another conversation is not linked (erasure, privacy).
    data = data.model_copy(update={"intake_referentie": own_intake_referentie(
        session, data.intake_referentie, data.conversation_id)})
    with _as_problems():
        overdracht, created = service.create(
            session, data, idempotency_key=idempotency_key.strip(), config=config,
            available=waiting.available_advisers(session, config) > 0,
        )
    session.commit()
    if created:
        response.headers["Location"] = f"{router.prefix}/overdrachten/{overdracht.id}"
        background.add_task(
            notify.notify_new_overdracht, notify.notification(overdracht, config), config
        )
    else:
        response.status_code = 200
    return OverdrachtAangemaakt(
        id=overdracht.id,
        referentie=overdracht.referentie,
        status=overdracht.status,
        verwachting=verwachting_of(overdracht),
        aangemaakt_op=overdracht.aangemaakt_op,
    )


@router.get("/overdrachten", summary="De wachtrij van overdrachten")
def list_overdrachten(
    session: DbDep,
    _staff: AdviseurDep,
    status: Annotated[
        Status | None, Query(description="Zonder status: alle open overdrachten")
    ] = None,
    thema: str | None = None,
    regio: str | None = None,
    urgentie: Urgentie | None = None,
    zoek: Annotated[str | None, Query(
        max_length=100, description="dossiernummer, naam, bedrijf, KvK-nummer of e-mail; "
        "zoekt ook in gesloten overdrachten")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OverdrachtSamenvatting]:
    if zoek and zoek.strip():
        found = service.search(session, zoek, status=[status] if status else None, limit=limit)
        return [OverdrachtSamenvatting.from_model(row) for row in found]
    rows = service.queue(
        session,
        status=[status] if status else None,
        thema=thema,
        regio=regio,
        urgentie=urgentie,
        limit=limit,
    )
    return [OverdrachtSamenvatting.from_model(row) for row in rows]


@router.get(
    "/overdrachten/{overdracht_id}",
    summary="Eén overdracht met intake, scan, transcript en berichten",
    responses=PROBLEMS,
)
def get_overdracht(
    overdracht_id: RowId, session: DbDep, _staff: AdviseurDep, channel: ChannelDep
) -> OverdrachtDetail:
    with _as_problems():
        overdracht = service.get(session, overdracht_id)
    _sync_thread(session, overdracht, channel)
    return OverdrachtDetail.from_model(overdracht)


@router.post("/overdrachten/{overdracht_id}/claim", summary="Claim een overdracht",
             responses=PROBLEMS)
def claim_overdracht(
    overdracht_id: RowId, session: DbDep, staff: AdviseurDep, channel: ChannelDep
) -> OverdrachtDetail:
    """Neem het gesprek over: Schakel zwijgt tot vrijgeven of sluiten."""
    overdracht = _committed(session, lambda: service.claim(session, overdracht_id, staff))
    detail = OverdrachtDetail.from_model(overdracht)
    _in_channel(overdracht, channel.pause, overdracht)
    return detail


def _current(session: Session, overdracht_id: int, channel: Channel) -> Overdracht:
    """The overdracht before a hand-back, with the ondernemer's last messages in the thread."""
    with _as_problems():
        overdracht = service.get(session, overdracht_id)
    _sync_thread(session, overdracht, channel)
    return overdracht


@router.post("/overdrachten/{overdracht_id}/vrijgeven",
             summary="Geef een overdracht vrij: Schakel neemt het gesprek weer over",
             responses=PROBLEMS)
def release_overdracht(
    overdracht_id: RowId, session: DbDep, staff: AdviseurDep, channel: ChannelDep
) -> OverdrachtDetail:
    _current(session, overdracht_id, channel)
    overdracht = _committed(session, lambda: service.release(session, overdracht_id, staff))
    detail = OverdrachtDetail.from_model(overdracht)
    _in_channel(overdracht, channel.resume, overdracht, gesloten=False, tell=True)
    return detail


@router.post("/overdrachten/{overdracht_id}/sluiten", summary="Sluit een overdracht af",
             responses=PROBLEMS)
def close_overdracht(
    overdracht_id: RowId, body: SluitenIn, session: DbDep, staff: AdviseurDep, channel: ChannelDep
) -> OverdrachtDetail:
    """Was het gesprek overgenomen, dan hoort de ondernemer dat het is afgerond."""
    was_live = _current(session, overdracht_id, channel).status == Status.GECLAIMD
    overdracht = _committed(
        session,
        lambda: service.close(
            session,
            overdracht_id,
            staff,
            uitkomst=body.uitkomst,
            doorverwezen_naar=body.doorverwezen_naar,
            notitie=body.notitie,
        ),
    )
    detail = OverdrachtDetail.from_model(overdracht)
    _in_channel(overdracht, channel.resume, overdracht, gesloten=True, tell=was_live)
    return detail


@router.post(
    "/overdrachten/{overdracht_id}/berichten",
    status_code=201,
    summary="Stuur als adviseur een bericht naar de ondernemer",
    responses=PROBLEMS,
)
def post_adviser_message(
    overdracht_id: RowId, body: BerichtIn, session: DbDep, staff: AdviseurDep, channel: ChannelDep
) -> BerichtUit:
    """Het bericht wordt bewaard en in het kanaal van de ondernemer gezet. Op WhatsApp
    kan dat alleen binnen 24 uur na het laatste bericht van de ondernemer (409)."""
    with _as_problems():
        _refuse_outside_whatsapp_window(service.get(session, overdracht_id), channel)
    with _as_problems():
        overdracht, bericht = service.add_adviser_message(
            session, overdracht_id, staff, body.tekst
        )
    session.commit()
    if _in_channel(overdracht, channel.deliver, overdracht, bericht.tekst):
        service.mark_delivered(session, bericht)
        session.commit()
    return BerichtUit.model_validate(bericht)


def _refuse_outside_whatsapp_window(overdracht: Overdracht, channel: Channel) -> None:
    """A free-text message cannot reach WhatsApp after 24 hours: say so, with the way
    to reach the ondernemer instead (when known), before anything is stored."""
    if overdracht.kanaal != Kanaal.TWILIO:
        return
    last = _in_channel(overdracht, channel.last_message_at, overdracht)
    if last is None or datetime.now(UTC) - last <= WHATSAPP_WINDOW:
        return
    intake = overdracht.intake or {}
    known = [value for value in (overdracht.contact_email, overdracht.contact_telefoon,
                                 intake.get("email"), intake.get("telefoon")) if value]
    contact = f": {', '.join(dict.fromkeys(known))}" if known else ""
    raise HTTPException(409, WHATSAPP_CLOSED.format(contact=contact))


SessionHeader = Annotated[str | None, Header(alias=chat_session.TOKEN_HEADER,
                                            description="het sessietoken van dit gesprek")]


def _require_session(settings, conversation_id: str, token: str | None) -> None:
    secret = settings.session_secret.get_secret_value() if settings.session_secret else None
    if not chat_session.is_valid(secret, conversation_id, token):
        raise HTTPException(404, "Dit gesprek bestaat niet.")


@router.post(
    "/gesprekken/{conversation_id:path}/berichten/ontvangen",
    status_code=204,
    summary="Bevestig dat de berichten van de adviseur tot en met `tot` zijn getoond",
)
def acknowledge_conversation_messages(
    conversation_id: str,
    session: DbDep,
    settings: SettingsDep,
    tot: Annotated[int, Body(embed=True, ge=0, description="het id van het laatste getoonde "
                             "bericht")],
    sessie: SessionHeader = None,
) -> Response:
    """Open, met het sessietoken van het gesprek (header `X-Schakel-Sessie`)."""
    _require_session(settings, conversation_id, sessie)
    for bericht in service.adviser_messages(session, conversation_id):
        if bericht.id <= tot and not bericht.afgeleverd:
            service.mark_delivered(session, bericht)
    session.commit()
    return Response(status_code=204)


@router.get(
    "/gesprekken/{conversation_id:path}/berichten",
    summary="Berichten van de adviseur in dit gesprek (voor een chatpagina zonder push)",
)
def get_conversation_messages(
    conversation_id: Annotated[str, Path(min_length=1, max_length=200)],
    session: DbDep,
    settings: SettingsDep,
    na: Annotated[int, Query(ge=0, le=MAX_ROW_ID,
                             description="alleen berichten met een hoger id")] = 0,
    sessie: SessionHeader = None,
) -> GesprekBerichten:
    """Open, met het sessietoken van het gesprek (header `X-Schakel-Sessie`). Zonder
    geldig token: 404. Ophalen verandert niets; bevestig met `POST …/berichten/ontvangen`."""
    _require_session(settings, conversation_id, sessie)
    berichten = service.adviser_messages(session, conversation_id, after_id=na)
    current = service.open_for_conversation(session, conversation_id)
    taken = current is not None and current.status == Status.GECLAIMD
    return GesprekBerichten(
        open=current is not None,
        overgenomen=taken,
        adviseur=current.adviseur_voornaam if taken else None,
        berichten=[AdviseurBericht.model_validate(bericht) for bericht in berichten],
    )
