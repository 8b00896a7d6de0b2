"""Sector mapping and the sectoren.yml file the rest of the code depends on."""

from __future__ import annotations

import pytest

from assistant.intake import Invalid, Valid, parse_sector
from assistant.intake.knowledge_files import knowledge_file, read_yaml
from assistant.intake.sector import all_sectoren

# Ids, names and SBI letters other code relies on: they must never change silently.
FIXED = [
    ("landbouw", "Landbouw, visserij en bosbouw", ["A"]),
    ("industrie", "Industrie en maakbedrijven", ["B", "C", "D", "E"]),
    ("bouw", "Bouw en installatie", ["F"]),
    ("handel", "Groot- en detailhandel", ["G"]),
    ("vervoer", "Vervoer en logistiek", ["H"]),
    ("horeca", "Horeca", ["I"]),
    ("ict", "ICT, media en communicatie", ["J"]),
    ("financieel", "Financiële dienstverlening", ["K"]),
    ("vastgoed", "Vastgoed", ["L"]),
    ("zakelijke_dienstverlening", "Zakelijke dienstverlening", ["M", "N"]),
    ("overheid", "Overheid", ["O"]),
    ("onderwijs", "Onderwijs", ["P"]),
    ("zorg", "Zorg en welzijn", ["Q"]),
    ("cultuur_recreatie", "Cultuur, sport en recreatie", ["R"]),
    ("persoonlijke_dienstverlening", "Persoonlijke dienstverlening", ["S", "T", "U"]),
]


def test_sectoren_file_keeps_ids_names_and_sbi():
    entries = read_yaml(knowledge_file("sectoren.yml"))["sectoren"]
    assert [(e["id"], e["naam"], e["sbi"]) for e in entries] == FIXED


def test_every_sector_has_at_least_ten_distinct_synonyms():
    seen: dict[str, str] = {}
    for sector in all_sectoren():
        assert len(set(sector.synoniemen)) >= 10, sector.id
        for synonym in sector.synoniemen:
            assert synonym == synonym.lower().strip()
            assert seen.setdefault(synonym, sector.id) == sector.id, f"{synonym} dubbel"


@pytest.mark.parametrize(
    ("raw", "sector"),
    [
        ("kapsalon", "persoonlijke_dienstverlening"),
        ("Kapperszaak", "persoonlijke_dienstverlening"),
        ("hondenkapsalon", "persoonlijke_dienstverlening"),
        ("bakkerij", "industrie"),  # SBI 10.71, see sectoren.yml
        ("broodwinkel", "handel"),
        ("restaurant", "horeca"),
        ("café", "horeca"),
        ("we hebben een eetcafé", "horeca"),
        ("aannemer", "bouw"),
        ("installateur", "bouw"),
        ("schilder", "bouw"),
        ("huisschilder", "bouw"),
        ("kunstschilder", "cultuur_recreatie"),
        ("loodgietersbedrijf", "bouw"),
        ("webshop", "handel"),
        ("fietsenwinkel", "handel"),
        ("software", "ict"),
        ("IT", "ict"),
        ("IT-bedrijf", "ict"),
        ("boer", "landbouw"),
        ("kweker", "landbouw"),
        ("bloemenkweker", "landbouw"),
        ("melkveehouder", "landbouw"),
        ("fysiotherapeut", "zorg"),
        ("fysiotherapiepraktijk", "zorg"),
        ("kinderopvang", "zorg"),
        ("accountantskantoor", "zakelijke_dienstverlening"),
        ("dierenarts", "zakelijke_dienstverlening"),
        ("hovenier", "zakelijke_dienstverlening"),
        ("transportbedrijf", "vervoer"),
        ("taxi", "vervoer"),
        ("makelaar", "vastgoed"),
        ("hypotheekadviseur", "financieel"),
        ("rijschool", "onderwijs"),
        ("sportschool", "cultuur_recreatie"),
        ("gemeente", "overheid"),
        ("horeca", "horeca"),
        ("Zakelijke dienstverlening", "zakelijke_dienstverlening"),
        ("persoonlijke_dienstverlening", "persoonlijke_dienstverlening"),
    ],
)
def test_free_text_to_sector(raw, sector):
    result = parse_sector(raw)
    assert isinstance(result, Valid) and result.certain
    assert result.value == sector


def test_display_is_the_sector_name():
    assert parse_sector("kapsalon").display == "Persoonlijke dienstverlening"


@pytest.mark.parametrize(("raw", "sector"), [("restaurnt", "horeca"), ("installatuer", "bouw")])
def test_typos_are_guessed_and_marked_uncertain(raw, sector):
    result = parse_sector(raw)
    assert result.value == sector and result.certain is False
    assert isinstance(parse_sector(raw, fuzzy=False), Invalid)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("bakker en slager", "sector_meerdere"), ("iets heel anders", "sector_onbekend"),
     ("", "sector_leeg"), ("😀", "sector_onbekend"), ("x" * 10_000, "sector_te_lang")],
)
def test_unclear_sectors(raw, code):
    result = parse_sector(raw)
    assert isinstance(result, Invalid) and result.code == code
    assert bool(result.options) == (code in ("sector_meerdere", "sector_onbekend"))


@pytest.mark.parametrize(
    ("raw", "sector"),
    [
        ("schoonmaak", "zakelijke_dienstverlening"),
        ("schoonmaakbedrijf", "zakelijke_dienstverlening"),
        ("ik heb een schoonmaakbedrijf", "zakelijke_dienstverlening"),
        ("garage", "handel"),
        ("autogarage", "handel"),
        ("autogarages", "handel"),
        ("autobedrijf", "handel"),
        ("garagehouder", "handel"),
        ("autoschadebedrijf", "handel"),
        ("apk", "handel"),
        ("kapper", "persoonlijke_dienstverlening"),
        ("kapster", "persoonlijke_dienstverlening"),
        ("kappers", "persoonlijke_dienstverlening"),
        ("hovenier", "zakelijke_dienstverlening"),
        ("hoveniers", "zakelijke_dienstverlening"),
        ("tuinonderhoud", "zakelijke_dienstverlening"),
        ("schilder", "bouw"),
        ("schilderwerk", "bouw"),
        ("loodgieter", "bouw"),
        ("installateur", "bouw"),
        ("timmerman", "bouw"),
        ("klussenbedrijf", "bouw"),
        ("fotograaf", "zakelijke_dienstverlening"),
        ("fotostudio", "zakelijke_dienstverlening"),
        ("webshop", "handel"),
        ("kinderopvang", "zorg"),
        ("kinderdagverblijf", "zorg"),
        ("fysiotherapeut", "zorg"),
        ("yogastudio", "cultuur_recreatie"),
        ("ik maak websites", "ict"),
    ],
)
def test_common_trades_are_recognised(raw, sector):
    result = parse_sector(raw)
    assert isinstance(result, Valid) and result.certain, raw
    assert result.value == sector


@pytest.mark.parametrize("raw", ["ik doe van alles", "we repareren autos", "carwash", "iets"])
def test_unsure_offers_at_most_six_sectors(raw):
    result = parse_sector(raw)
    assert isinstance(result, Invalid) and result.code == "sector_onbekend"
    assert 1 <= len(result.options) <= 6
    assert len(set(result.options)) == len(result.options)


def test_the_most_likely_sector_is_offered_first():
    assert parse_sector("we repareren autos").options[0] == "Groot- en detailhandel"
    assert parse_sector("ik verhuur boten").options[:3].count("Vastgoed") == 1
