"""The hand-off end to end: real Rasa, action server and API; the ondernemer on
Socket.IO (long-polling, as the web widget) or REST, the adviser on the API."""

from __future__ import annotations

import queue
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import socketio

from api.handoff_watch import run_once
from assistant import chat_session, db
from assistant.handoff.config import HandoffSettings
from assistant.handoff.rasa_channel import RasaChannel
from assistant.staff_tokens import create_token
from tests.aio import run_async
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

REFERENTIE = re.compile(r"OVD-[0-9A-Z]{4}-[0-9A-Z]{4}")
CONSENT = "Is dat goed?"
QUIET = 2.0  # seconds without an answer that count as "the bot stays silent"


class SocketChat:
    """One ondernemer in the web widget: Socket.IO over long-polling, a session the
    server issued (``session`` with its token joins it again)."""

    def __init__(self, rasa_url: str, session: dict | None = None) -> None:
        self.received: queue.Queue[dict] = queue.Queue()
        self.client = socketio.Client()
        confirmed = queue.Queue()
        self.client.on("bot_uttered", self.received.put)
        self.client.on("session_confirm", confirmed.put)
        self.client.connect(rasa_url, transports=["polling"])
        self.client.emit("session_request", session or {})
        self.session = confirmed.get(timeout=10)
        self.session_id = self.session["session_id"]

    def send(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    def next(self, timeout: float = 15) -> str:
        return self.received.get(timeout=timeout).get("text", "")

    def say(self, text: str, until: str) -> list[str]:
        """Send, then collect the bot's messages until one contains ``until``."""
        self.send(text)
        texts = []
        while not texts or until not in texts[-1]:
            texts.append(self.next())
        return texts

    def silent(self, seconds: float = QUIET) -> bool:
        try:
            self.received.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        self.client.disconnect()


class Adviser:
    """A schakelteam adviseur using the API with a staff token."""

    def __init__(self, stack, naam: str = "Anne de Vries") -> None:
        with db.session_scope(stack.settings.database_url) as session:
            _, token = create_token(session, naam=naam, rol="adviseur")
        self.http = httpx.Client(base_url=f"{stack.settings.api_url}/api/v1", timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})

    def find(self, referentie: str) -> dict:
        rows = self.http.get("/overdrachten").raise_for_status().json()
        [row] = [row for row in rows if row["referentie"] == referentie]
        return row

    def post(self, overdracht_id: int, action: str, **body) -> dict:
        path = f"/overdrachten/{overdracht_id}/{action}"
        return self.http.post(path, json=body or None).raise_for_status().json()

    def detail(self, overdracht_id: int) -> dict:
        return self.http.get(f"/overdrachten/{overdracht_id}").raise_for_status().json()


@pytest.fixture
def widget(stack):
    chat = SocketChat(stack.settings.rasa_url)
    yield chat
    chat.close()


def ondernemer_lines(detail: dict) -> list[str]:
    return [b["tekst"] for b in detail["berichten"] if b["van"] == "ondernemer"]


def test_live_takeover_in_the_web_widget(stack, widget):
    assert CONSENT in widget.say("ik wil iemand spreken", until=CONSENT)[-1]
    made = widget.say("ja", until="referentie")[-1]
    referentie = REFERENTIE.search(made).group(0)

    anne = Adviser(stack)
    row = anne.find(referentie)
    assert (row["kanaal"], row["reden"]) == ("socketio", "verzoek")
    assert anne.post(row["id"], "claim")["status"] == "geclaimd"

    reply = anne.post(row["id"], "berichten", tekst="Hoi, ik ben Anne. Waar zit je mee?")
    assert widget.next() == "Anne: Hoi, ik ben Anne. Waar zit je mee?"  # pushed, live
    assert reply["afgeleverd"] is True

    widget.send("Ik heb een vraag over mijn lening")
    assert widget.silent()  # paused: the bot stays quiet
    assert ondernemer_lines(anne.detail(row["id"])) == ["Ik heb een vraag over mijn lening"]

    assert anne.post(row["id"], "vrijgeven")["status"] == "vrijgegeven"
    assert "Je praat nu weer met Schakel" in widget.next()
    assert widget.say("hallo", until="Schakel")[-1].startswith("Hoi! Ik ben Schakel")

    anne.post(row["id"], "claim")
    closed = anne.post(row["id"], "sluiten", uitkomst="opgelost", notitie="Lening besproken.")
    assert (closed["status"], closed["uitkomst"]) == ("gesloten", "opgelost")
    assert "Heeft het gesprek met de adviseur je geholpen" in widget.next()
    thanks = widget.say('/feedback{"feedback_score": 5}', until="reactie")
    assert "Dank je voor je reactie" in thanks[-1]
    # What was typed while the overdracht stood open in the queue is in its thread too.
    assert ondernemer_lines(anne.detail(row["id"])) == ["Ik heb een vraag over mijn lening",
                                                        "hallo"]

    # Consent was given in this conversation and the overdracht is closed: a new request
    # is handed over at once, as a new overdracht.
    again = widget.say("kan ik nog iemand spreken?", until="referentie")[-1]
    assert REFERENTIE.search(again).group(0) != referentie


def test_from_asking_for_a_person_to_a_closed_overdracht_over_rest(stack, chat: Chat):
    assert CONSENT in chat.texts("mens aub")[-1]
    messages = chat.say("ja")
    referentie = REFERENTIE.search(messages[0]["text"]).group(0)
    assert messages[1]["custom"] == {"overdracht": referentie}  # the chat page starts polling

    anne = Adviser(stack, naam="Anne")
    row = anne.find(referentie)
    assert row["kanaal"] == "rest"
    anne.post(row["id"], "claim")
    reply = anne.post(row["id"], "berichten", tekst="Ik ben Anne, vertel!")
    assert reply["afgeleverd"] is False  # REST cannot push

    # A chat page without push reads them with the conversation's session token (local
    # REST conversations get none from Rasa: signed here with the stack's secret).
    token = chat_session.sign(stack.shared_env[chat_session.SECRET_VARIABLE], chat.sender)
    polled = httpx.get(f"{stack.settings.api_url}/api/v1/gesprekken/{chat.sender}/berichten",
                       headers={chat_session.TOKEN_HEADER: token}, timeout=10).json()
    assert (polled["overgenomen"], polled["adviseur"]) == (True, "Anne")
    assert [b["tekst"] for b in polled["berichten"]] == ["Ik ben Anne, vertel!"]

    assert chat.say("Ik wil een nieuwe oven maar de bank twijfelt") == []  # bot is silent
    detail = anne.detail(row["id"])
    assert ondernemer_lines(detail) == ["Ik wil een nieuwe oven maar de bank twijfelt"]
    transcript = [(line["van"], line["tekst"]) for line in detail["transcript"]]
    assert transcript == [("ondernemer", "mens aub")]

    anne.post(row["id"], "vrijgeven")
    assert chat.texts("dankjewel")[0].startswith("Graag gedaan")
    closed = anne.post(row["id"], "sluiten", uitkomst="doorverwezen",
                       doorverwezen_naar="Regionale Ontwikkelingsmaatschappij")
    assert closed["status"] == "gesloten"
    after = httpx.get(f"{stack.settings.api_url}/api/v1/gesprekken/{chat.sender}/berichten",
                      headers={chat_session.TOKEN_HEADER: token}, timeout=10).json()
    assert (after["open"], after["overgenomen"]) == (False, False)


def test_misunderstanding_and_a_sensitive_situation_lead_to_a_person(stack, chat: Chat):
    assert chat.texts("xqzv plorp")[0].startswith("Sorry, dat begreep ik niet goed")
    offer = chat.say("brml fnk zzz")[0]
    assert "in contact brengen met een adviseur" in offer["text"]
    assert CONSENT in chat.texts("ja")[-1]
    no_consent = chat.texts("nee")[0]  # then nothing is sent; the public loket instead
    assert "geen contact" in no_consent and "0800-2117" in no_consent

    texts = chat.texts("ik heb schulden en ik zie het niet meer zitten")
    assert any("113" in text for text in texts)
    assert any("Ondernemersklankbord" in text for text in texts)
    assert "adviseur" in texts[-1]
    assert CONSENT in chat.texts("ja")[-1]
    made = chat.texts("ja")[0]
    row = Adviser(stack).find(REFERENTIE.search(made).group(0))
    assert (row["reden"], row["urgentie"], row["thema"]) == ("gevoelig", "hoog", "stoppen_crisis")


def test_asking_for_a_person_during_the_intake_hands_over_what_is_known(stack, chat: Chat):
    chat.texts("ik wil mijn hulpvraag doorgeven")
    assert "Waar kan het Schakelteam je mee helpen" in chat.texts("ja")[-1]
    chat.texts("We willen een webshop en zoeken hulp bij digitalisering")
    assert "Hoe heet je bedrijf" in chat.texts("Sanne")[-1]
    made = chat.texts("ik wil toch liever iemand spreken")[0]
    referentie = REFERENTIE.search(made).group(0)  # the intake's consent covers it
    anne = Adviser(stack)
    detail = anne.detail(anne.find(referentie)["id"])
    assert detail["intake"]["contactpersoon"] == "Sanne"
    assert "webshop" in detail["intake"]["hulpvraag"]
    assert detail["thema"] == "digitalisering"


ACK = "Je bericht staat bij je vraag voor de adviseur."


def test_waiting_without_an_intake_asks_for_contact_and_loses_nothing(stack, chat: Chat):
    """No adviser has the adviser page open: no live promise, whatever the time of day;
    the ondernemer is asked how to be reached, and what they type meanwhile is kept."""
    assert CONSENT in chat.texts("ik wil een mens spreken")[-1]
    made = chat.texts("ja")[0]
    assert "e-mailadres of telefoonnummer" in made and "We nemen binnen" not in made
    assert "zo over" not in made

    situation = chat.texts("Ik heb een bakkerij en de bank twijfelt over mijn lening")
    assert situation[0].startswith(ACK) and "Sorry" not in " ".join(situation)
    still = chat.texts("hallo? is daar nog iemand?")
    assert still[0].startswith(ACK) and not still[0].startswith("Hoi! Ik ben Schakel")
    assert len(still) == 1
    given = chat.texts("mijn mail is jan@bakkerij-jansen.nl")[0]
    assert "We bereiken je via jan@bakkerij-jansen.nl" in given
    assert "We nemen binnen" in given

    anne = Adviser(stack)
    detail = anne.detail(anne.find(REFERENTIE.search(made).group(0))["id"])
    assert ondernemer_lines(detail) == [
        "Ik heb een bakkerij en de bank twijfelt over mijn lening",
        "hallo? is daar nog iemand?", "mijn mail is jan@bakkerij-jansen.nl"]
    assert detail["contact_email"] == "jan@bakkerij-jansen.nl"
    assert detail["verwachting"]["code"] == "contact_binnen_werkdagen"


def test_a_silent_adviser_hands_the_widget_back_to_schakel(stack, widget):
    """The watch's sweep runs here with a clock 16 minutes ahead, against the stack's
    database and Rasa: the ondernemer is told and the bot answers again."""
    widget.say("ik wil iemand spreken", until=CONSENT)
    referentie = REFERENTIE.search(widget.say("ja", until="referentie")[-1]).group(0)
    anne = Adviser(stack)
    row = anne.find(referentie)
    anne.post(row["id"], "claim")
    widget.send("hallo?")
    assert widget.silent()  # paused while Anne holds it

    later = datetime.now(UTC) + timedelta(minutes=16)
    told = run_async(run_once(stack.settings.database_url, HandoffSettings(),
                              RasaChannel.from_settings(stack.settings), now=later))
    assert told >= 1
    assert widget.next().startswith("De adviseur reageert al een tijdje niet.")
    assert anne.detail(row["id"])["teruggezet_op"] is not None
    answer = widget.say("is daar nog iemand?", until="wachtrij")
    assert answer[-1].startswith(ACK) and "nummer" in answer[-1]
