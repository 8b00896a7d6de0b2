"""Finding 10: a huge id gave a 500, also unauthenticated, and validation messages and
some titles were English ("Field required", "Conflict").

Every route of the API gets hostile ids and parameters, without and with a beheerder
token (so the checks behind the login are reached too): always a 4xx problem+json with
Dutch texts, never a 500."""

from __future__ import annotations

import re

import httpx
import pytest

HUGE = "99999999999999999999999"
HOSTILE = [HUGE, "-1", "x", "1e9", "%00", "a" * 300, "0x10", "１２"]
PROBLEM = "application/problem+json"
ENGLISH = re.compile(r"\b(field|required|input|should|valid|string|integer|conflict|"
                     r"not found|unprocessable)\b", re.IGNORECASE)


def routes(live_api: str) -> list[tuple[str, str, dict]]:
    spec = httpx.get(f"{live_api}/api/v1/openapi.json", timeout=10).json()
    return [(method.upper(), path, operation) for path, item in spec["paths"].items()
            for method, operation in item.items()]


def requests_for(path: str, operation: dict):
    """Every path parameter and every query parameter in turn set to each hostile value."""
    params = operation.get("parameters", [])
    in_path = [p["name"] for p in params if p["in"] == "path"]
    in_query = [p["name"] for p in params if p["in"] == "query"]
    for value in HOSTILE:
        url = path
        for name in in_path:
            url = url.replace("{" + name + "}", value)
        yield url, {}
        for name in in_query:
            yield url.replace("{gesprek}", "x"), {name: value}


def assert_dutch_problem(response: httpx.Response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if response.status_code < 400 or not response.headers.get("content-type", "").startswith(
            "application/"):
        return  # an HTML page (links that no longer work) or a normal answer
    assert response.headers["content-type"] == PROBLEM, where
    body = response.json()
    texts = [body["title"], body.get("detail") or ""]
    texts += [fout.get("melding", "") for fout in body.get("fouten", [])]
    for text in texts:
        assert not ENGLISH.search(text), f"{where}: English text {text!r}"


@pytest.mark.parametrize("who", ["anoniem", "beheerder"])
def test_hostile_ids_and_parameters_never_give_a_500(live_api, make_token, who):
    headers = make_token("beheerder") if who == "beheerder" else {}
    checked = 0
    with httpx.Client(base_url=live_api, timeout=10, headers=headers) as client:
        for method, path, operation in routes(live_api):
            for url, query in requests_for(path, operation):
                response = client.request(method, url, params=query, json={})
                assert_dutch_problem(response, f"{method} {url} {query}")
                checked += 1
    assert checked > 200


def test_the_findings_examples(live_api, make_token):
    adviseur = make_token("adviseur")
    claim = httpx.post(f"{live_api}/api/v1/overdrachten/{HUGE}/claim", headers=adviseur)
    assert claim.status_code == 422
    assert claim.json()["fouten"] == [{"veld": "path.overdracht_id",
                                       "melding": f"mag hoogstens {2**63 - 1} zijn; "
                                                  f"gevonden: '{HUGE}'"}]
    assert httpx.post(f"{live_api}/api/v1/overdrachten/{HUGE}/claim").status_code == 401
    messages = httpx.get(f"{live_api}/api/v1/gesprekken/x/berichten", params={"na": HUGE})
    assert messages.status_code == 422
    assert messages.json()["fouten"] == [{"veld": "query.na",
                                          "melding": f"mag hoogstens {2**63 - 1} zijn; "
                                                     f"gevonden: '{HUGE}'"}]


def test_validation_messages_are_dutch(live_api, service_headers):
    response = httpx.post(f"{live_api}/api/v1/overdrachten", json={}, timeout=10,
                          headers={"Idempotency-Key": "k", **service_headers})
    assert response.status_code == 422
    fouten = response.json()["fouten"]
    assert {"veld": "body.kanaal", "melding": "ontbreekt; dit veld is verplicht"} in fouten


def test_a_conflict_has_a_dutch_title(live_api, service_headers):
    from tests.handoff.samples import overdracht_payload

    headers = {"Idempotency-Key": "dubbel", **service_headers}
    httpx.post(f"{live_api}/api/v1/overdrachten", json=overdracht_payload(), headers=headers)
    clash = httpx.post(f"{live_api}/api/v1/overdrachten", headers=headers,
                       json=overdracht_payload(contactvoorkeur="telefoon"))
    assert clash.status_code == 409
    assert clash.json()["title"] == "Botst met bestaande gegevens"
