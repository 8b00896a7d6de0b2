"""/api/v1/regelingen, /api/v1/geschiktheid and the /frontdesk page (public, no token)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.settings import Settings
from tests.knowledge.helpers import entry_data, make_knowledge_dir

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, title: str, detail_part: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["title"] == title
    assert detail_part in body["detail"]


def test_search_ranks_with_reasons_and_key_facts(client):
    response = client.get("/api/v1/regelingen", params={"q": "wat is de WBSO?", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["aantal"] == len(body["resultaten"]) <= 3
    first = body["resultaten"][0]
    assert first["id"] == "wbso"
    assert "naam: WBSO" in first["redenen"]
    assert {
        "soort",
        "uitvoerder",
        "samenvatting",
        "bedragen",
        "vervolgstap",
        "bronnen",
        "peildatum",
    } <= set(first)
    assert all(bedrag["jaar"] for bedrag in first["bedragen"])


def test_filters_narrow_the_results(client):
    body = client.get(
        "/api/v1/regelingen",
        params={
            "q": "financiering",
            "regio": "limburg",
            "medewerkers": "6",
            "sector": "horeca",
            "limit": 50,
        },
    ).json()
    assert body["aantal"] > 0
    for result in body["resultaten"]:
        assert {"landelijk", "limburg"} & set(result["regio"])  # OP Zuid: three provinces
        assert "past bij 6 medewerkers" in result["redenen"]


def test_without_q_the_filters_list_entries(client):
    body = client.get("/api/v1/regelingen", params={"thema": "stoppen_crisis", "limit": 50}).json()
    assert body["aantal"] >= 5
    assert all("stoppen_crisis" in r["themas"] for r in body["resultaten"])


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"thema": "innovatie2"}, "thema 'innovatie2' bestaat niet; kies uit: financiering"),
        ({"regio": "atlantis"}, "regio 'atlantis' bestaat niet"),
        ({"sector": "ruimtevaart"}, "sector 'ruimtevaart' bestaat niet"),
        ({"soort": "subsidie"}, "soort 'subsidie' bestaat niet"),
        ({"medewerkers": "zes"}, "medewerkers moet een heel getal van 0 tot en met"),
        ({"medewerkers": "-1"}, "medewerkers moet een heel getal"),
        ({"limit": "500"}, "limit moet een heel getal van 1 tot en met 50"),
    ],
)
def test_invalid_filters_are_a_dutch_problem(client, params, detail):
    assert_problem(client.get("/api/v1/regelingen", params=params), 400, "Ongeldig verzoek", detail)


def test_junk_questions_are_answered(client):
    for q in ["😀" * 300, "\x00\x1b[31m", "x" * 10_000]:
        response = client.get("/api/v1/regelingen", params={"q": q})
        assert response.status_code == 200
        assert isinstance(response.json()["resultaten"], list)


def test_one_entry_and_an_unknown_one(client):
    entry = client.get("/api/v1/regelingen/slim").json()
    assert entry["afkorting"] == "SLIM"
    assert entry["doelgroep"]["medewerkers"]["max"] == 249
    assert entry["voorwaarden"] and entry["bronnen"]
    assert_problem(
        client.get("/api/v1/regelingen/bestaat-niet"),
        404,
        "Niet gevonden",
        "De regeling 'bestaat-niet' bestaat niet.",
    )


def test_geschiktheid_gives_a_verdict_per_entry_with_reasons_and_questions(client):
    response = client.post(
        "/api/v1/geschiktheid",
        json={"medewerkers": 6, "provincie": "flevoland", "themas": ["personeel"]},
    )
    assert response.status_code == 200
    body = response.json()
    slim = next(r for r in body["resultaten"] if r["id"] == "slim")
    assert slim["oordeel"] == "ja"
    assert (
        "Je hebt 6 medewerkers; SLIM is voor bedrijven met maximaal 249 medewerkers."
        in slim["redenen"]
    )
    assert slim["relevant"] is True
    assert sum(body["aantallen"].values()) == len(body["resultaten"])
    assert "In welke sector werkt je bedrijf?" in body["vragen"]


def test_geschiktheid_for_one_soort_and_an_empty_profile(client):
    body = client.post("/api/v1/geschiktheid", params={"soort": "loket"}, json={}).json()
    assert {r["soort"] for r in body["resultaten"]} == {"loket"}
    regional = next(r for r in body["resultaten"] if r["id"] == "mkb-schakelteam-flevoland")
    assert regional["oordeel"] == "misschien"
    assert regional["vragen"] == ["In welke gemeente of provincie zit je bedrijf?"]


def test_geschiktheid_refuses_unknown_values_in_dutch(client):
    assert_problem(
        client.post("/api/v1/geschiktheid", json={"sector": "ruimtevaart"}),
        422,
        "Gegevens niet geldig",
        "sector 'ruimtevaart' bestaat niet",
    )
    assert_problem(
        client.post("/api/v1/geschiktheid", json={"themas": ["x"]}),
        422,
        "Gegevens niet geldig",
        "themas 'x' bestaat niet",
    )
    response = client.post("/api/v1/geschiktheid", json={"medewerkers": "veel", "extra": 1})
    assert response.status_code == 422
    assert {fout["veld"] for fout in response.json()["fouten"]} == {
        "body.medewerkers",
        "body.extra",
    }


def test_the_endpoints_are_public_and_documented(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/regelingen",
        "/api/v1/regelingen/{regeling_id}",
        "/api/v1/geschiktheid",
    } <= set(spec["paths"])
    assert "/frontdesk" not in spec["paths"]


def test_frontdesk_page_renders_filters_and_text_only_rendering(client):
    page = client.get("/frontdesk")
    assert page.status_code == 200
    assert 'lang="nl"' in page.text
    for label in (
        "Vraag of naam van een regeling",
        "Thema",
        "Provincie",
        "Aantal medewerkers",
        "Sector",
    ):
        assert label in page.text
    assert "Flevoland" in page.text and "Horeca" in page.text
    script = client.get("/static/frontdesk.js").text  # the page's code (api/csp.py)
    assert "textContent" in script and "innerHTML" not in script


def test_a_broken_knowledge_base_is_a_503_problem(tmp_path):
    broken = make_knowledge_dir(tmp_path / "kennis", entry_data(themas=["bestaat-niet"]))
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=broken)
    with TestClient(create_app(settings)) as client:
        assert_problem(
            client.get("/api/v1/regelingen", params={"q": "x"}),
            503,
            "Dienst niet beschikbaar",
            "De kennisbank is tijdelijk niet beschikbaar.",
        )
        assert client.get("/api/v1/health").json()["kennisbank"]["status"] == "fout"


def test_a_small_knowledge_base_from_settings(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path / "kennis", entry_data())
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=knowledge_dir)
    with TestClient(create_app(settings)) as client:
        body = client.get("/api/v1/regelingen", params={"q": "proefregeling"}).json()
        assert [r["id"] for r in body["resultaten"]] == ["test-regeling"]
        assert client.get("/api/v1/health").json()["kennisbank"] == {"status": "ok", "aantal": 1}


def test_every_entry_says_when_it_must_be_checked_again(client):
    first = client.get("/api/v1/regelingen", params={"q": "wbso", "limit": 1}).json()
    result = first["resultaten"][0]
    assert result["controleren_voor"] and isinstance(result["te_controleren"], bool)
    entry = client.get("/api/v1/regelingen/wbso").json()
    assert entry["controleren_voor"] == result["controleren_voor"]
    assert entry["te_controleren"] is result["te_controleren"]


def test_verouderd_lists_the_entries_past_review(tmp_path):
    knowledge_dir = make_knowledge_dir(
        tmp_path / "kennis",
        entry_data("oud", peildatum="2020-03-01", bronnen=[
            {"url": "https://www.rvo.nl/", "datum": "2020-03-01"}]),
        entry_data("vers", peildatum="2999-01-01", bronnen=[
            {"url": "https://www.rvo.nl/", "datum": "2999-01-01"}]),
    )
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=knowledge_dir)
    with TestClient(create_app(settings)) as client:
        stale = client.get("/api/v1/regelingen", params={"verouderd": "true"}).json()
        assert [r["id"] for r in stale["resultaten"]] == ["oud"]
        oud = stale["resultaten"][0]
        assert oud["controleren_voor"] == "2021-01-01" and oud["te_controleren"] is True
        assert "te controleren sinds 1 januari 2021" in oud["redenen"]
        fresh = client.get("/api/v1/regelingen", params={"verouderd": "false"}).json()
        assert [(r["id"], r["te_controleren"]) for r in fresh["resultaten"]] == [("vers", False)]
        both = client.get("/api/v1/regelingen").json()
        assert both["aantal"] == 2
        assert_problem(
            client.get("/api/v1/regelingen", params={"verouderd": "soms"}),
            400,
            "Ongeldig verzoek",
            "verouderd moet true of false zijn, niet 'soms'.",
        )
        page = client.get("/frontdesk").text
        assert "Te controleren: 1 regeling over de controledatum" in page
        assert "<td class=\"datum\">2021-01-01</td>" in page
