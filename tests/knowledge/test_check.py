"""Knowledge freshness: the review-by date ``controleren_voor`` (derived or set, never
later than the rule allows), the knowledge check (``python -m assistant.knowledge.check``)
on the real folder and on small broken ones, and the chat's note for stale entries."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.knowledge import KnowledgeError
from assistant.knowledge.answers import answer_fields
from assistant.knowledge.check import check, main
from assistant.knowledge.loader import load_entries
from assistant.knowledge.schema import Entry, review_deadline
from tests.knowledge.helpers import REPO_KNOWLEDGE, entry_data, make_knowledge_dir

WITHOUT_AMOUNTS = {"bedragen": []}


def load_one(tmp_path, **changes) -> Entry:
    entries, _ = load_entries(make_knowledge_dir(tmp_path, entry_data("proef", **changes)))
    return entries[0]


def problems_for(tmp_path, **changes) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_entries(make_knowledge_dir(tmp_path, entry_data("proef", **changes)))
    return caught.value.problems


# --- the review-by date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("peildatum", "has_amounts", "expected"),
    [
        (date(2025, 1, 31), True, date(2026, 1, 1)),
        (date(2025, 12, 4), True, date(2026, 1, 1)),
        (date(2025, 1, 31), False, date(2026, 1, 31)),
        (date(2024, 2, 29), False, date(2025, 2, 28)),
    ],
)
def test_the_rule(peildatum, has_amounts, expected):
    assert review_deadline(peildatum, has_amounts) == expected


def test_left_out_it_follows_the_rule(tmp_path):
    assert load_one(tmp_path / "a").controleren_voor == date(2026, 1, 1)
    assert load_one(tmp_path / "b", **WITHOUT_AMOUNTS).controleren_voor == date(2026, 1, 31)


def test_an_editor_may_set_it_earlier(tmp_path):
    entry = load_one(tmp_path, controleren_voor="2025-06-30")
    assert entry.controleren_voor == date(2025, 6, 30)
    assert not entry.past_review(date(2025, 6, 29))
    assert entry.past_review(date(2025, 6, 30))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"controleren_voor": "2026-06-01"},
            "veld 'controleren_voor': 2026-06-01 is te laat; verwacht uiterlijk 2026-01-01: "
            "met bedragen is dat 1 januari na het jaar van de peildatum (2025-01-31)",
        ),
        (
            {"controleren_voor": "2026-02-01", **WITHOUT_AMOUNTS},
            "veld 'controleren_voor': 2026-02-01 is te laat; verwacht uiterlijk 2026-01-31: "
            "zonder bedragen is dat 12 maanden na de peildatum (2025-01-31)",
        ),
        (
            {"controleren_voor": "2025-01-01"},
            "veld 'controleren_voor': 2025-01-01 ligt niet na de peildatum (2025-01-31); "
            "verwacht een datum tot en met 2026-01-01",
        ),
        (
            {"controleren_voor": "volgend jaar"},
            "veld 'controleren_voor': 'volgend jaar' is geen datum; verwacht JJJJ-MM-DD",
        ),
    ],
)
def test_later_than_the_rule_is_refused_in_dutch(tmp_path, changes, expected):
    assert problems_for(tmp_path, **changes) == [
        f"knowledge/regelingen/proef.yml: {expected}"
    ]


def test_every_real_entry_has_a_review_date_within_the_rule():
    entries, _ = load_entries(REPO_KNOWLEDGE)
    for entry in entries:
        assert entry.controleren_voor is not None, entry.id
        latest = review_deadline(entry.peildatum, bool(entry.bedragen))
        assert entry.peildatum < entry.controleren_voor <= latest, entry.id


# --- the check ----------------------------------------------------------------------


def test_the_real_folder_passes(capsys):
    report = check(REPO_KNOWLEDGE)
    assert report.ok, report.errors
    assert len(report.entries) >= 55
    assert main([str(REPO_KNOWLEDGE)]) == 0
    out = capsys.readouterr().out
    assert f"{len(report.entries)} entries geladen, schema in orde" in out
    assert "Controle geslaagd (geen harde fouten)." in out
    assert f"Te controleren: {len(report.past_review)} van {len(report.entries)}" in out


def test_a_schema_error_fails_the_check_with_the_loaders_message(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data("proef", controleren_voor="2027-01-01"))
    assert main([str(knowledge_dir)]) == 1
    out = capsys.readouterr().out
    assert (
        "knowledge/regelingen/proef.yml: veld 'controleren_voor': 2027-01-01 is te laat" in out
    )
    assert "Controle mislukt." in out


def test_an_unknown_field_fails_the_check(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data("proef", controleer_voor="2025-06-01"))
    assert main([str(knowledge_dir)]) == 1
    assert "veld 'controleer_voor': is geen bekend veld (typefout?)" in capsys.readouterr().out


def test_a_source_without_url_or_title_fails_the_check(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(
        tmp_path, entry_data("proef", bronnen=[{"titel": "  ", "datum": "2025-01-31"}])
    )
    report = check(knowledge_dir)
    assert report.errors == [
        "knowledge/regelingen/proef.yml: veld 'bronnen': geen bron met een url of een titel; "
        "noem minstens één webpagina (url) of brondocument (titel)"
    ]
    assert main([str(knowledge_dir)]) == 1


def test_an_executing_organisation_without_its_own_site_is_a_warning(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(
        tmp_path,
        entry_data("eigen-site"),  # RVO with a source on rvo.nl
        entry_data(
            "elders",
            uitvoerder="Belastingdienst",
            bronnen=[{"url": "https://www.voorbeeld-adviseur.nl/kia", "datum": "2025-01-31"}],
        ),
        entry_data(
            "rijksoverheid",
            uitvoerder="UWV",
            bronnen=[{"url": "https://www.rijksoverheid.nl/x", "datum": "2025-01-31"}],
        ),
        entry_data(
            "provincie",
            uitvoerder="KVK en de provincie",
            regio=["flevoland"],
            bronnen=[{"url": "https://www.flevoland.nl/x", "datum": "2025-01-31"}],
        ),
        entry_data(
            "ander-loket",
            uitvoerder="Qredits",
            bronnen=[{"url": "https://www.qredits.nl/", "datum": "2025-01-31"}],
        ),
    )
    report = check(knowledge_dir, date(2025, 2, 1))
    assert report.ok
    assert [e.id for e in report.without_official_source] == ["elders"]
    assert main([str(knowledge_dir), "--vandaag", "2025-02-01"]) == 0
    out = capsys.readouterr().out
    assert (
        "Waarschuwing: 1 van 4 entries van RVO, Belastingdienst, KVK of UWV hebben geen bron "
        "op een officiële site" in out
    )
    assert "  elders  Belastingdienst" in out


def test_entries_past_review_are_listed_with_their_dates(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(
        tmp_path,
        entry_data("met-bedragen"),  # peildatum 2025-01-31 → 2026-01-01
        entry_data("zonder-bedragen", **WITHOUT_AMOUNTS),  # → 2026-01-31
        entry_data("vroeg", controleren_voor="2025-06-01"),
    )
    report = check(knowledge_dir, date(2026, 1, 15))
    assert [e.id for e in report.past_review] == ["vroeg", "met-bedragen"]
    assert main([str(knowledge_dir), "--vandaag", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert (
        "Te controleren: 2 van 3 entries zijn over hun controledatum (vandaag 2026-01-15):" in out
    )
    assert "vroeg         2025-01-31  2025-06-01" in out
    assert "met-bedragen  2025-01-31  2026-01-01" in out
    assert main([str(knowledge_dir), "--vandaag", "2025-02-01"]) == 0
    assert "Te controleren: 0 van 3 entries zijn over hun controledatum" in capsys.readouterr().out


# --- the chat -----------------------------------------------------------------------


def test_a_stale_answer_says_when_it_was_checked_and_where_to_look(tmp_path):
    entry = load_one(tmp_path)
    assert answer_fields(entry, date(2025, 12, 31))["controle"] == ""
    fields = answer_fields(entry, date(2026, 1, 1))
    assert fields["controle"] == (
        "Let op: deze informatie is voor het laatst gecontroleerd op 31 januari 2025. "
        "De actuele stand vind je op https://www.rvo.nl/"
    )
    assert fields["bedragen"] == "- Hooguit € 1.000. (2025)"


def test_without_a_link_the_note_names_the_uitvoerder(tmp_path):
    entry = load_one(
        tmp_path,
        vervolgstap={"tekst": "Bel RVO."},
        bronnen=[{"titel": "Brochure", "datum": "2025-01-31"}],
    )
    assert answer_fields(entry, date(2027, 1, 1))["controle"].endswith(
        "Vraag de actuele stand na bij RVO."
    )


def test_the_note_prefers_an_official_page(tmp_path):
    entry = load_one(
        tmp_path,
        vervolgstap={"tekst": "Lees meer.", "url": "https://www.voorbeeld-blog.nl/"},
        bronnen=[
            {"url": "https://www.voorbeeld-blog.nl/a", "datum": "2025-01-31"},
            {"url": "https://www.rvo.nl/regeling", "datum": "2025-01-31"},
        ],
    )
    assert answer_fields(entry, date(2027, 1, 1))["controle"].endswith(
        "De actuele stand vind je op https://www.rvo.nl/regeling"
    )


def test_entries_checked_against_an_official_source_of_this_year_are_counted(tmp_path, capsys):
    knowledge_dir = make_knowledge_dir(
        tmp_path,
        entry_data("rvo-dit-jaar", bronnen=[{"url": "https://www.rvo.nl/a", "datum": "2026-02-01"}],
                   peildatum="2026-02-01", bedragen=[{"omschrijving": "€ 1.", "jaar": 2026}]),
        entry_data("rvo-vorig-jaar"),  # rvo.nl, dated 2025-01-31
        entry_data(
            "adviseur-dit-jaar",
            bronnen=[{"url": "https://www.voorbeeld-adviseur.nl/a", "datum": "2026-02-01"},
                     {"url": "https://www.rvo.nl/b", "datum": "ongedateerd"}],
            peildatum="2026-02-01",
        ),
    )
    report = check(knowledge_dir, date(2026, 3, 1))
    assert [e.id for e in report.checked_this_year] == ["rvo-dit-jaar"]
    assert report.with_official_source == 3
    main([str(knowledge_dir), "--vandaag", "2026-03-01"])
    assert (
        "Officiële bron: 3 van 3 entries noemen een officiële site; 1 zijn gecontroleerd tegen "
        "een officiële bron uit 2026: rvo-dit-jaar" in capsys.readouterr().out
    )
