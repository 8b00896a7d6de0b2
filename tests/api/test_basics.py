"""The API's common behaviour: Dutch problem+json errors, OpenAPI under /api/v1, health."""

from __future__ import annotations


def test_unknown_path_is_a_dutch_problem(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "Niet gevonden"
    assert "detail" not in body  # no English framework text


def test_openapi_is_published_under_the_version(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Schakel API"
    assert "/api/v1/health" in spec["paths"]


def test_health_without_rasa_reports_the_parts_that_are_down(client):
    health = client.get("/api/v1/health").json()
    assert health["database"]["status"] == "ok"
    assert health["rasa"]["status"] == "fout"
    assert health["actieserver"]["status"] == "fout"
    assert health["status"] == "verstoord"


def test_chat_page_renders_dutch_text_only(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Verstuur" in page.text
    script = client.get("/static/chat.js").text  # the page's code (api/csp.py)
    assert "textContent" in script and "innerHTML" not in script
