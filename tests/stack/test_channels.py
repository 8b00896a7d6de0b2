"""WhatsApp (Twilio) and Microsoft Teams (Bot Framework) against a real Rasa server.

Rasa runs with ``credentials.prod.yml`` (the production channel file, secrets from
environment variables) and the session stack's action server. Twilio's REST API,
Microsoft's token service, its OpenID/JWKS endpoints and the Teams Bot Connector
service are one local fake HTTP server; incoming requests are built the way Twilio
and Teams send them (form-encoded with ``X-Twilio-Signature``; JSON activities with an
RS256 bearer token).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote

import httpx
import pytest

from assistant.settings import REPO_ROOT
from scripts.services import Service, free_port
from scripts.stack import RASA_BIN

pytestmark = pytest.mark.stack

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = REPO_ROOT / "tests" / "rasa_env" / "channels_probe.py"

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-test-auth-token"
WHATSAPP_NUMBER = "whatsapp:+3197010000000"
SENDER_KEY = "a-long-random-secret-for-tests-only"
PHONE = "whatsapp:+31612345678"
APP_ID = "schakel-test-app"
APP_PASSWORD = "teams-test-secret"
ISSUER = "https://api.botframework.com"
# Rasa (Sanic) does not decode path parameters: keep "29:..." ids as they are.
PATH_SAFE = ":@+!$&'()*,;="


def probe(request: dict) -> dict:
    result = subprocess.run([str(RASA_PYTHON), str(PROBE)], input=json.dumps(request),
                            capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


class Fake:
    """Twilio's REST API, Microsoft's login and the Bot Connector service, recorded."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.jwks: dict = {"keys": []}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/openid":
                    self._reply(200, {"issuer": ISSUER, "jwks_uri": f"{fake.url}/keys"})
                elif self.path == "/keys":
                    self._reply(200, fake.jwks)
                else:
                    self._reply(404, {})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                entry = {"path": self.path, "headers": dict(self.headers)}
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    entry["json"] = json.loads(raw)
                else:
                    entry["form"] = {k: v[0] for k, v in parse_qs(raw).items()}
                with fake.lock:
                    fake.requests.append(entry)
                if self.path.endswith("/Messages.json"):
                    self._reply(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued",
                                      "account_sid": ACCOUNT_SID})
                elif self.path == "/token":
                    self._reply(200, {"token_type": "Bearer", "expires_in": 3600,
                                      "access_token": "fake-bot-token"})
                elif "/v3/conversations/" in self.path:
                    self._reply(200, {"id": uuid.uuid4().hex})
                else:
                    self._reply(404, {})

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def matching(self, predicate: Callable[[dict], bool]) -> list[dict]:
        with self.lock:
            return [entry for entry in self.requests if predicate(entry)]

    def wait(self, predicate: Callable[[dict], bool], count: int = 1,
             timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.matching(predicate)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"fake got {len(self.matching(predicate))} of {count} requests")


class ChannelRasa:
    def __init__(self, url: str, log: Path, tracker_db: Path) -> None:
        self.url = url
        self.log = log
        self.tracker_db = tracker_db

    def tracker(self, sender: str) -> dict:
        response = httpx.get(f"{self.url}/conversations/{quote(sender, safe=PATH_SAFE)}/tracker",
                             timeout=30)
        response.raise_for_status()
        return response.json()

    def adviser_says(self, sender: str, text: str) -> None:
        response = httpx.post(
            f"{self.url}/conversations/{quote(sender, safe=PATH_SAFE)}/tracker/events",
            params={"execute_side_effects": "true", "output_channel": "latest"},
            json=[{"event": "bot", "text": text, "metadata": {"van": "adviseur"}}], timeout=30)
        response.raise_for_status()


@pytest.fixture(scope="module")
def fake() -> Iterator[Fake]:
    server = Fake()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def channel_rasa(stack, fake, tmp_path_factory) -> Iterator[ChannelRasa]:
    """A second Rasa server with the production channel file, beside the session stack."""
    folder = tmp_path_factory.mktemp("kanalen")
    port = free_port()
    env = {
        **stack.rasa_env(),
        "SCHAKEL_TRACKER_DB": str(folder / "tracker.db"),
        "SCHAKEL_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SCHAKEL_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SCHAKEL_TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
        "SCHAKEL_WHATSAPP_SENDER_KEY": SENDER_KEY,
        "SCHAKEL_TWILIO_API_URL": fake.url,
        "SCHAKEL_TEAMS_APP_ID": APP_ID,
        "SCHAKEL_TEAMS_APP_PASSWORD": APP_PASSWORD,
        "SCHAKEL_TEAMS_OPENID_URL": f"{fake.url}/openid",
        "SCHAKEL_TEAMS_TOKEN_URL": f"{fake.url}/token",
        "SCHAKEL_TEAMS_SENDER_KEY": SENDER_KEY,
    }
    service = Service(
        "rasa-kanalen",
        [str(RASA_BIN), "run", "--enable-api", "--model", str(stack.settings.rasa_model),
         "--interface", "127.0.0.1", "--port", str(port), "--endpoints", "endpoints.yml",
         "--credentials", "credentials.prod.yml"],
        f"http://127.0.0.1:{port}/status",
        env,
    )
    service.start(folder)
    deadline = time.monotonic() + 240
    with httpx.Client(timeout=2) as client:
        while not service.is_ready(client):
            if not service.alive() or time.monotonic() > deadline:
                service.stop()
                pytest.fail(f"Rasa met credentials.prod.yml startte niet:\n{service.log_tail()}")
            time.sleep(0.5)
    yield ChannelRasa(f"http://127.0.0.1:{port}", service.log_path, folder / "tracker.db")
    service.stop()


# ---------------------------------------------------------------- WhatsApp


def twilio_signature(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """Twilio's algorithm, written out independently of the twilio package."""
    data = url + "".join(key + form[key] for key in sorted(form))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class WhatsApp:
    def __init__(self, rasa: ChannelRasa, fake: Fake, phone: str = PHONE) -> None:
        self.rasa = rasa
        self.fake = fake
        self.phone = phone
        self.url = f"{rasa.url}/webhooks/twilio/webhook"

    def post(self, body: str = "", *, sid: str | None = None, signature: str | None = None,
             **extra: str) -> httpx.Response:
        form = {"SmsMessageSid": sid or "SM" + uuid.uuid4().hex, "NumMedia": "0",
                "ProfileName": "Jan", "Body": body, "From": self.phone, "To": WHATSAPP_NUMBER,
                "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", **extra}
        form["MessageSid"] = form["SmsMessageSid"]
        headers = {"X-Twilio-Signature": signature if signature is not None
                   else twilio_signature(self.url, form)}
        return httpx.post(self.url, data=form, headers=headers, timeout=60)

    def sent(self) -> list[dict]:
        return [entry["form"] for entry in self.fake.matching(
            lambda e: e["path"].endswith("/Messages.json") and e["form"].get("To") == self.phone)]

    def say(self, body: str, **kwargs) -> list[str]:
        before = len(self.sent())
        response = self.post(body, **kwargs)
        assert response.status_code == 204, response.text
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(self.sent()) == before:
            time.sleep(0.1)
        return [form["Body"] for form in self.sent()[before:]]


@pytest.fixture
def whatsapp(channel_rasa, fake) -> WhatsApp:
    return WhatsApp(channel_rasa, fake, phone=f"whatsapp:+316{uuid.uuid4().int % 10**8:08d}")


def test_whatsapp_buttons_become_numbers_and_a_number_chooses(whatsapp, channel_rasa, fake):
    answers = whatsapp.say("hallo")
    assert len(answers) == 1  # one WhatsApp message, not one per paragraph
    greeting = answers[0]
    assert greeting.startswith("Hoi! Ik ben Schakel")
    assert "1. Vraag over een regeling\n2. Bedrijfsscan doen" in greeting
    assert greeting.endswith("Typ 1, 2, 3 of 4.")
    sent = fake.matching(lambda e: e["path"].endswith("/Messages.json"))[-1]
    assert sent["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert sent["form"]["From"] == WHATSAPP_NUMBER
    expected_auth = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert sent["headers"]["Authorization"] == f"Basic {expected_auth}"

    whatsapp.say("2")
    sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": whatsapp.phone})["pseudonym"]
    events = channel_rasa.tracker(sender)["events"]
    user = [e for e in events if e["event"] == "user"]
    assert [e["text"] for e in user] == ["hallo", "/start_scan"]
    assert user[-1]["parse_data"]["intent"]["name"] == "start_scan"
    assert {e["input_channel"] for e in user} == {"twilio"}


def test_whatsapp_phone_number_stays_out_of_rasa(whatsapp, channel_rasa):
    whatsapp.say("hallo")
    digits = whatsapp.phone.split("+")[1]
    sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": whatsapp.phone})["pseudonym"]
    assert channel_rasa.tracker(sender)["events"]  # the conversation is there, by pseudonym
    assert digits not in channel_rasa.log.read_text(errors="replace")
    stored = b"".join(p.read_bytes() for p in channel_rasa.tracker_db.parent.glob("tracker.db*"))
    assert digits.encode() not in stored


def test_whatsapp_repeated_delivery_is_handled_once(whatsapp, channel_rasa):
    sid = "SM" + uuid.uuid4().hex
    assert whatsapp.say("ben je een robot?", sid=sid)
    count = len(whatsapp.sent())
    assert whatsapp.post("ben je een robot?", sid=sid).status_code == 204
    time.sleep(2)
    assert len(whatsapp.sent()) == count
    sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": whatsapp.phone})["pseudonym"]
    texts = [e["text"] for e in channel_rasa.tracker(sender)["events"] if e["event"] == "user"]
    assert texts.count("ben je een robot?") == 1


def test_whatsapp_media_gets_a_polite_text_only_answer(whatsapp, channel_rasa):
    answers = whatsapp.say("", NumMedia="1", MediaUrl0="https://example.org/foto.jpg",
                           MediaContentType0="image/jpeg")
    assert answers == ["Ik kan alleen tekst lezen. Typ je vraag maar."]
    sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": whatsapp.phone})["pseudonym"]
    assert not [e for e in channel_rasa.tracker(sender)["events"] if e["event"] == "user"]


def test_whatsapp_refuses_a_wrong_or_missing_signature(whatsapp):
    assert whatsapp.post("hallo", signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert whatsapp.post("hallo", signature="").status_code == 403
    forged = twilio_signature(whatsapp.url, {"Body": "hallo"}, token="wrong-token")
    assert whatsapp.post("hallo", signature=forged).status_code == 403
    time.sleep(1)
    assert whatsapp.sent() == []


def test_whatsapp_long_adviser_message_is_split_at_1600(whatsapp, channel_rasa):
    whatsapp.say("hallo")
    sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": whatsapp.phone})["pseudonym"]
    sentences = [f"Stap {n}: lees dit rustig door en vraag het gerust als iets niet klopt."
                 for n in range(1, 61)]
    text = "Anne (adviseur): " + " ".join(sentences)  # one long paragraph
    assert len(text) > 3200
    before = len(whatsapp.sent())
    channel_rasa.adviser_says(sender, text)
    whatsapp.fake.wait(lambda e: e.get("form", {}).get("To") == whatsapp.phone, before + 3)
    time.sleep(1)
    parts = [form["Body"] for form in whatsapp.sent()[before:]]
    assert all(len(part) <= 1600 for part in parts)
    assert len(parts) == 3
    assert parts[0].startswith("Anne (adviseur): Stap 1:")
    assert all(part.endswith("klopt.") for part in parts)  # cut between sentences
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


# ---------------------------------------------------------------- Microsoft Teams


class Teams:
    def __init__(self, rasa: ChannelRasa, fake: Fake) -> None:
        self.rasa = rasa
        self.fake = fake
        self.user = f"29:test-{uuid.uuid4().hex[:10]}"
        self.conversation = f"a:conv-{uuid.uuid4().hex[:10]}"
        self.service_url = f"{fake.url}/teams/"
        # What Rasa sees instead of the Teams user id.
        self.sender = probe({"do": "pseudonym", "key": SENDER_KEY, "address": self.user,
                             "prefix": "teams-"})["pseudonym"]

    def activity(self, text: str = "", **extra) -> dict:
        return {
            "type": "message", "id": uuid.uuid4().hex, "channelId": "msteams",
            "serviceUrl": self.service_url, "text": text,
            "from": {"id": self.user, "name": "Jan Jansen"},
            "recipient": {"id": f"28:{APP_ID}", "name": "Schakel"},
            "conversation": {"id": self.conversation, "conversationType": "personal"},
            **extra,
        }

    def post(self, activity: dict, token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{self.rasa.url}/webhooks/botframework/webhook", json=activity,
                          headers=headers, timeout=60)

    def received(self) -> list[dict]:
        path = f"/teams/v3/conversations/{self.conversation}/activities"
        return self.fake.matching(lambda e: e["path"] == path)


@pytest.fixture(scope="module")
def tokens(fake) -> dict[str, str]:
    base = {"aud": APP_ID, "iss": ISSUER, "serviceUrl": f"{fake.url}/teams/"}
    signed = probe({"do": "jwt", "tokens": [
        dict(base),
        {**base, "aud": "another-bot"},
        {**base, "iss": "https://evil.example"},
        {**base, "serviceUrl": "https://elsewhere.example/"},
        {**base, "_kid": "unknown-key"},
        {"aud": APP_ID, "iss": ISSUER},
    ]})
    fake.jwks = signed["jwks"]
    names = ["good", "wrong_audience", "wrong_issuer", "wrong_service_url", "unknown_key",
             "no_service_url"]
    return dict(zip(names, signed["tokens"], strict=True))


@pytest.fixture
def teams(channel_rasa, fake) -> Teams:
    return Teams(channel_rasa, fake)


def test_teams_answers_with_a_hero_card_and_messageback_buttons(teams, tokens, fake):
    response = teams.post(teams.activity("<at>Schakel</at> hallo"), tokens["good"])
    assert response.status_code == 200, response.text
    activity = fake.wait(lambda e: e["path"].endswith(
        f"/conversations/{teams.conversation}/activities"))[0]
    assert activity["headers"]["Authorization"] == "Bearer fake-bot-token"
    body = activity["json"]
    assert body["type"] == "message" and body["recipient"]["id"] == teams.user
    assert body["from"]["id"] == f"28:{APP_ID}"
    card = body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.hero"
    assert card["content"]["text"].startswith("Hoi! Ik ben Schakel")
    first = card["content"]["buttons"][0]
    assert first == {"type": "messageBack", "title": "Vraag over een regeling",
                     "displayText": "Vraag over een regeling", "text": "/ask_regeling",
                     "value": {"payload": "/ask_regeling"}}
    login = fake.matching(lambda e: e["path"] == "/token")[0]["form"]
    assert login == {"client_id": APP_ID, "client_secret": APP_PASSWORD,
                     "grant_type": "client_credentials",
                     "scope": "https://api.botframework.com/.default"}

    # Clicking a button: Teams sends the payload (messageBack); Rasa gets the intent.
    clicked = teams.activity("/start_scan", value={"payload": "/start_scan"})
    assert teams.post(clicked, tokens["good"]).status_code == 200
    events = teams.rasa.tracker(teams.sender)["events"]
    user = [e for e in events if e["event"] == "user"]
    assert [e["text"] for e in user] == ["hallo", "/start_scan"]
    assert user[-1]["parse_data"]["intent"]["name"] == "start_scan"


def test_teams_refuses_requests_without_a_valid_microsoft_token(teams, tokens):
    for name in ["wrong_audience", "wrong_issuer", "wrong_service_url", "unknown_key",
                 "no_service_url"]:
        response = teams.post(teams.activity("hallo"), tokens[name])
        assert response.status_code == 401, name
    assert teams.post(teams.activity("hallo"), None).status_code == 401
    time.sleep(1)
    assert teams.received() == []
    tracker = teams.rasa.tracker(teams.sender)
    assert not [e for e in tracker["events"] if e["event"] == "user"]


def test_teams_adviser_message_arrives_live(teams, tokens, fake):
    assert teams.post(teams.activity("ben je een robot?"), tokens["good"]).status_code == 200
    fake.wait(lambda e: e["path"].endswith(f"/conversations/{teams.conversation}/activities"))
    before = len(teams.received())
    teams.rasa.adviser_says(teams.sender, "Anne (adviseur): Ik bel je morgen om 10 uur.")
    found = fake.wait(lambda e: e["path"].endswith(
        f"/conversations/{teams.conversation}/activities"), before + 1)
    assert found[-1]["json"]["text"] == "Anne (adviseur): Ik bel je morgen om 10 uur."


def test_teams_greets_when_added_to_a_personal_chat(teams, tokens, fake):
    update = teams.activity(type="conversationUpdate",
                            membersAdded=[{"id": f"28:{APP_ID}"}, {"id": teams.user}])
    update.pop("text")
    assert teams.post(update, tokens["good"]).status_code == 200
    found = fake.wait(lambda e: e["path"].endswith(
        f"/conversations/{teams.conversation}/activities"))
    assert found[0]["json"]["attachments"][0]["content"]["text"].startswith("Hoi! Ik ben Schakel")
