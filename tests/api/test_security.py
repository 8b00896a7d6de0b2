"""Request size, rate limits and an away database: refused in Dutch, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import RateLimiter, RedisRateLimiter, client_address, conversation_of
from assistant.settings import Settings
from scripts.services import free_port

PROBLEM = "application/problem+json"


def app_client(settings: Settings, **changes) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=changes)))


def test_a_body_over_64_kb_is_refused(client):
    response = client.post("/api/v1/intakes", content=b"{" + b" " * 70_000 + b"}",
                           headers={"Content-Type": "application/json",
                                    "Idempotency-Key": "k"})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Verzoek te groot"
    assert "64 kB" in response.json()["detail"]


def test_a_streamed_body_without_length_is_counted_too(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 8192

    response = client.post("/api/v1/intakes", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_per_conversation_limit_answers_429_in_dutch(settings):
    with app_client(settings, rate_limit_per_conversation=3) as client:
        url = "/api/v1/gesprekken/whatsapp:+31612345678/overname"
        statuses = [client.get(url).status_code for _ in range(4)]
        assert statuses[:3] != [429] * 3 and statuses[3] == 429
        refused = client.get(url)
        assert refused.headers["content-type"] == PROBLEM
        assert refused.json()["title"] == "Te veel verzoeken"
        assert "Wacht even" in refused.json()["detail"]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        # Another conversation is not held back by this one.
        assert client.get("/api/v1/gesprekken/ander-gesprek/overname").status_code != 429


def test_per_address_limit(settings):
    with app_client(settings, rate_limit_per_address=5) as client:
        statuses = [client.get("/api/v1/openapi.json").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]


def test_windows_reset_each_minute():
    limiter = RateLimiter()
    assert [limiter.hit("k", 2, now=60.0) for _ in range(3)] == [None, None, 60]
    assert limiter.hit("k", 2, now=120.5) is None


def test_redis_away_lets_requests_through():
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0")
    assert all(limiter.hit("k", 1) is None for _ in range(3))


def test_forwarded_for_is_believed_only_from_a_trusted_proxy():
    scope = {"client": ("10.0.0.5", 1), "headers": [(b"x-forwarded-for", b"1.2.3.4, 5.6.7.8")]}
    assert client_address(scope, []) == "10.0.0.5"
    assert client_address(scope, ["10.0.0.5"]) == "5.6.7.8"


@pytest.mark.parametrize(("scope", "body", "expected"), [
    ({"path": "/api/v1/gesprekken/abc/overname"}, b"", "abc"),
    ({"path": "/api/v1/scans/1", "query_string": b"gesprek=xyz"}, b"", "xyz"),
    ({"path": "/api/v1/intakes"}, b'{"conversation_id": "c1"}', "c1"),
    ({"path": "/api/v1/intakes"}, b"{kapot", None),
])
def test_the_conversation_is_found(scope, body, expected):
    assert conversation_of(scope, body) == expected


def test_an_away_database_is_503_with_retry_after(settings):
    away = f"postgresql+psycopg://schakel:geheim@127.0.0.1:{free_port()}/schakel"
    with app_client(settings, database_url=away, auto_create_schema=False) as client:
        response = client.get("/api/v1/intakes/SCH-AAAA-BBBB",
                              headers={"Authorization": "Bearer sch_onbekend"})
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Dienst niet beschikbaar"
    assert response.headers["retry-after"] == "5"


def test_no_cors_for_unknown_origins(client):
    response = client.get("/api/v1/openapi.json", headers={"Origin": "https://kwaad.example"})
    assert "access-control-allow-origin" not in response.headers
