"""Shared fixtures: settings with a throw-away database, API clients, staff tokens,
a live API server on a free port and a real headless Chromium."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from assistant import db
from assistant.settings import Settings
from assistant.staff_tokens import create_token
from scripts.services import free_port
from scripts.stack import Stack

CHROMIUM = "/usr/bin/chromium"
SESSION_SECRET = "sessiegeheim-voor-tests"  # signs chat sessions and report links
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose database lives in this test's temporary folder."""
    return Settings(data_dir=tmp_path / "var", session_secret=SESSION_SECRET)


def service_credential(settings: Settings) -> dict[str, str]:
    """The action server's credential for an API with these settings
    (``SCHAKEL_SERVICE_TOKEN``); for a TestClient: ``client.app.state.settings``."""
    return {"Authorization": f"Bearer {settings.service_token.get_secret_value()}"}


def action_server(client: TestClient) -> dict[str, str]:
    """The credential for the API behind this TestClient."""
    return service_credential(client.app.state.settings)


@pytest.fixture
def service_headers(settings: Settings) -> dict[str, str]:
    """The action server's credential for this test's API."""
    return service_credential(settings)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_token(settings: Settings) -> Callable[[str], dict[str, str]]:
    """Factory: ``make_token("adviseur")`` → Authorization header for a new token."""

    def factory(rol: str, naam: str = "Test Medewerker") -> dict[str, str]:
        db.create_schema(settings.database_url)
        with db.session_scope(settings.database_url) as session:
            _, plain = create_token(session, naam=naam, rol=rol)
        return {"Authorization": f"Bearer {plain}"}

    return factory


class LiveServer:
    """A uvicorn server in a background thread."""

    def __init__(self, app, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/api/v1/openapi.json", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("API server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_api(settings: Settings) -> Iterator[str]:
    """Base URL of a real API server (uvicorn) with this test's database."""
    port = free_port()
    settings = settings.model_copy(update={"api_port": port, "api_url": f"http://127.0.0.1:{port}"})
    with LiveServer(create_app(settings), port) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium (Debian's package) driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: run 'make setup' (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, tmp_path: Path):
    context = browser.new_context(locale="nl-NL")
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    target = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[Stack]:
    # A copy of the knowledge base, so that a test can change an entry while the stack
    # runs (it is reloaded within a second) without touching the repository.
    knowledge = tmp_path_factory.mktemp("kennis") / "knowledge"
    shutil.copytree(Settings().knowledge_dir, knowledge)
    settings = Settings(
        knowledge_dir=knowledge,
        data_dir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
    )
    if not settings.rasa_model.exists():
        pytest.fail(f"Geen getraind model op {settings.rasa_model}: draai 'make test'.")
    with Stack(settings) as running:
        yield running
