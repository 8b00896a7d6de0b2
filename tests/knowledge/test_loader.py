"""Loading the knowledge files: the real directory is clean; broken files are refused
with a message that names the file, the field and what is expected."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.knowledge import KnowledgeError
from assistant.knowledge.loader import load_entries
from tests.knowledge.helpers import REPO_KNOWLEDGE, entry_data, make_knowledge_dir, write_entry


def problems_in(knowledge_dir) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_entries(knowledge_dir)
    return caught.value.problems


def problems_for(tmp_path, *entries) -> list[str]:
    return problems_in(make_knowledge_dir(tmp_path, *entries))


def test_the_real_knowledge_directory_loads_without_problems():
    entries, vocab = load_entries(REPO_KNOWLEDGE)
    assert len(entries) >= 55
    assert len({entry.id for entry in entries}) == len(entries)
    assert all(entry.bronnen and entry.peildatum for entry in entries)
    regio = Counter(r for entry in entries for r in entry.regio)
    assert regio["flevoland"] >= 5 and regio["limburg"] >= 5
    themas = Counter(t for entry in entries for t in entry.themas)
    assert themas["stoppen_crisis"] >= 5
    assert set(themas) <= set(vocab.themas)


def test_every_amount_has_a_year_and_every_closed_scheme_says_why():
    entries, _ = load_entries(REPO_KNOWLEDGE)
    for entry in entries:
        assert all(bedrag.jaar for bedrag in entry.bedragen), entry.id
        if entry.status != "actief":
            assert entry.status_toelichting, entry.id


def test_unknown_thema_names_file_field_and_choices(tmp_path):
    problems = problems_for(tmp_path, entry_data("wbso", themas=["innovatie", "innovatie2"]))
    assert problems == [
        "knowledge/regelingen/wbso.yml: veld 'themas[1]': 'innovatie2' is geen bekende thema; "
        "kies uit: financiering, personeel, digitalisering, innovatie, duurzaamheid, "
        "internationaal, starten, groei, bedrijfsovername, stoppen_crisis, wet_regelgeving"
    ]


def test_all_problems_of_all_files_are_listed_together(tmp_path):
    problems = problems_for(
        tmp_path,
        entry_data("een", regio=["atlantis"], doelgroep={"sectoren": ["ruimtevaart"]}),
        entry_data("twee", peildatum="gisteren", soort="subsidie"),
    )
    joined = "\n".join(problems)
    assert "een.yml: veld 'regio[0]': 'atlantis' is geen bekende provincie" in joined
    assert "een.yml: veld 'doelgroep.sectoren[0]': 'ruimtevaart' is geen bekende sector" in joined
    assert "twee.yml: veld 'peildatum': 'gisteren' is geen datum; verwacht JJJJ-MM-DD" in joined
    assert "twee.yml: veld 'soort': 'subsidie' is geen geldige waarde; kies uit:" in joined
    assert len(problems) == 4


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"naam": None}, "veld 'naam': verwacht tekst"),
        ({"samenvatting": ""}, "veld 'samenvatting': mag niet leeg zijn"),
        (
            {"thema": ["innovatie"]},
            "veld 'thema': is geen bekend veld (typefout?); bekende velden: id",
        ),
        ({"bronnen": []}, "veld 'bronnen': mag niet leeg zijn"),
        ({"bronnen": [{"datum": "2024"}]}, "veld 'bronnen[0]': geef een url of een titel"),
        (
            {"bronnen": [{"url": "www.rvo.nl", "datum": "2024"}]},
            "veld 'bronnen[0].url': 'www.rvo.nl' klopt niet; verwacht een webadres",
        ),
        (
            {"bronnen": [{"url": "https://rvo.nl", "datum": "vorig jaar"}]},
            "veld 'bronnen[0].datum': 'vorig jaar' klopt niet; verwacht een datum als JJJJ-MM-DD",
        ),
        (
            {"bedragen": [{"omschrijving": "€ 5"}]},
            "veld 'bedragen[0].jaar': ontbreekt; dit veld is verplicht",
        ),
        ({"id": "Mijn Regeling"}, "veld 'id': 'Mijn Regeling' klopt niet; verwacht kleine letters"),
        ({"status": "gesloten"}, "status 'gesloten' vraagt om een status_toelichting"),
        ({"regio": ["landelijk", "limburg"]}, "veld 'regio': 'landelijk' staat alleen"),
        (
            {"doelgroep": {"medewerkers": {"min": 10, "max": 2}}},
            "veld 'doelgroep.medewerkers': min mag niet groter zijn dan max",
        ),
        (
            {"doelgroep": {"rechtsvorm": ["bvtje"]}},
            "veld 'doelgroep.rechtsvorm[0]': 'bvtje' is geen geldige waarde; "
            "kies uit: 'eenmanszaak'",
        ),
        (
            {"vervolgstap": {"tekst": "Bel ons", "loket": "bestaat-niet"}},
            "veld 'vervolgstap.loket': 'bestaat-niet' is geen bekende regeling of loket",
        ),
    ],
)
def test_broken_fields_are_explained(tmp_path, change, expected):
    data = entry_data("kapot", **change)
    problems = problems_for(tmp_path, data)
    prefix = f"knowledge/regelingen/{data['id']}.yml:"
    assert any(p.startswith(prefix) and expected in p for p in problems), problems


def test_id_must_match_the_file_name(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    write_entry(knowledge_dir, entry_data("andere-naam")).rename(
        knowledge_dir / "regelingen" / "bestand.yml"
    )
    assert (
        "bestand.yml: veld 'id': 'andere-naam' moet gelijk zijn aan de bestandsnaam 'bestand'"
        in "\n".join(problems_in(knowledge_dir))
    )


@pytest.mark.parametrize(
    ("second", "folder", "expected"),
    [
        (
            entry_data("dubbel", soort="loket"),
            "loketten",
            "knowledge/regelingen/dubbel.yml: veld 'id': 'dubbel' bestaat al in "
            "knowledge/loketten/dubbel.yml",
        ),
        (
            entry_data("verkeerd", soort="loket"),
            "regelingen",
            "knowledge/regelingen/verkeerd.yml: veld 'soort': een entry met soort 'loket' hoort "
            "in loketten/",
        ),
    ],
)
def test_ids_are_unique_and_loketten_live_in_their_own_folder(tmp_path, second, folder, expected):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data("dubbel"))
    write_entry(knowledge_dir, second, folder)
    assert problems_in(knowledge_dir) == [expected]


def test_yaml_syntax_errors_give_the_line(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    (knowledge_dir / "regelingen" / "stuk.yml").write_text(
        "id: stuk\nnaam: [open\n", encoding="utf-8"
    )
    (knowledge_dir / "regelingen" / "leeg.yml").write_text("", encoding="utf-8")
    (knowledge_dir / "regelingen" / "lijst.yml").write_text("- een\n- twee\n", encoding="utf-8")
    text = "\n".join(problems_in(knowledge_dir))
    assert "regelingen/stuk.yml: geen geldige YAML (regel 3" in text
    assert "regelingen/leeg.yml: het bestand is leeg" in text
    assert "regelingen/lijst.yml: verwacht velden (veld: waarde) bovenaan het bestand" in text


def test_an_empty_directory_is_refused(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    for path in (knowledge_dir / "regelingen").glob("*.yml"):
        path.unlink()
    with pytest.raises(KnowledgeError, match="geen regelingen of loketten gevonden"):
        load_entries(knowledge_dir)


def test_a_missing_vocabulary_file_is_named(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    (knowledge_dir / "sectoren.yml").unlink()
    with pytest.raises(KnowledgeError, match="sectoren.yml: kan het bestand niet lezen"):
        load_entries(knowledge_dir)


@pytest.mark.parametrize(
    ("soort", "folder", "expected"),
    [
        ("onderwerp", "regelingen", "een entry met soort 'onderwerp' hoort in onderwerpen/"),
        ("buiten_veld", "loketten", "een entry met soort 'buiten_veld' hoort in onderwerpen/"),
        ("regeling", "onderwerpen", "een entry met soort 'regeling' hoort in regelingen/"),
        ("loket", "onderwerpen", "een entry met soort 'loket' hoort in loketten/"),
    ],
)
def test_onderwerpen_and_buiten_veld_live_in_onderwerpen(tmp_path, soort, folder, expected):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data("cjib", soort="loket"))
    vervolgstap = {"tekst": "Kijk bij het CJIB.", "loket": "cjib"}
    write_entry(knowledge_dir, entry_data("verkeerd", soort=soort, vervolgstap=vervolgstap), folder)
    assert problems_in(knowledge_dir) == [
        f"knowledge/{folder}/verkeerd.yml: veld 'soort': {expected}"
    ]


def test_onderwerpen_and_buiten_veld_load_from_their_folder(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data("cjib", soort="loket"))
    write_entry(knowledge_dir, entry_data("btw", soort="onderwerp"), "onderwerpen")
    write_entry(
        knowledge_dir,
        entry_data(
            "buiten-veld-boete",
            soort="buiten_veld",
            vervolgstap={"tekst": "Kijk bij het CJIB.", "loket": "cjib"},
        ),
        "onderwerpen",
    )
    entries, _ = load_entries(knowledge_dir)
    soorten = {entry.id: entry.soort for entry in entries}
    assert soorten == {"cjib": "loket", "btw": "onderwerp", "buiten-veld-boete": "buiten_veld"}
    assert all(entry.is_wegwijzer for entry in entries)


def test_buiten_veld_must_name_the_organisation_that_can_help(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    data = entry_data(
        "buiten-veld-boete",
        soort="buiten_veld",
        vervolgstap={"tekst": "Kijk bij het CJIB.", "url": "https://www.cjib.nl/"},
    )
    write_entry(knowledge_dir, data, "onderwerpen")
    assert problems_in(knowledge_dir) == [
        "knowledge/onderwerpen/buiten-veld-boete.yml: veld 'vervolgstap.loket': ontbreekt; "
        "bij soort 'buiten_veld' noem je de organisatie die wel kan helpen (het id van een loket)"
    ]


def test_a_broken_link_from_an_onderwerp_is_named(tmp_path):
    knowledge_dir = make_knowledge_dir(tmp_path)
    data = entry_data(
        "kvk-inschrijven",
        soort="onderwerp",
        vervolgstap={"tekst": "Schrijf je in.", "loket": "kvk"},
    )
    write_entry(knowledge_dir, data, "onderwerpen")
    assert problems_in(knowledge_dir) == [
        "knowledge/onderwerpen/kvk-inschrijven.yml: veld 'vervolgstap.loket': 'kvk' is geen "
        "bekende regeling of loket"
    ]
