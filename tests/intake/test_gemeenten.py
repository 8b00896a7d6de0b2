"""Gemeenten: data sanity, all of Flevoland and Limburg, typos, old names, woonplaatsen."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from assistant.intake import Invalid, Valid, lookup_gemeente
from assistant.intake.gemeenten import all_gemeenten, gemeente_index, name_key
from assistant.intake.knowledge_files import knowledge_file, provincies, read_csv

FLEVOLAND = ["Almere", "Dronten", "Lelystad", "Noordoostpolder", "Urk", "Zeewolde"]
LIMBURG = [
    "Beek", "Beekdaelen", "Beesel", "Bergen (L.)", "Brunssum", "Echt-Susteren",
    "Eijsden-Margraten", "Gennep", "Gulpen-Wittem", "Heerlen", "Horst aan de Maas",
    "Kerkrade", "Landgraaf", "Leudal", "Maasgouw", "Maastricht", "Meerssen",
    "Mook en Middelaar", "Nederweert", "Peel en Maas", "Roerdalen", "Roermond", "Simpelveld",
    "Sittard-Geleen", "Stein", "Vaals", "Valkenburg aan de Geul", "Venlo", "Venray",
    "Voerendaal", "Weert",
]
# Gemeenten per provincie on 1 January 2026 (CBS, Gemeentelijke indeling op 1 januari 2026).
PER_PROVINCIE = {
    "groningen": 10, "friesland": 18, "drenthe": 12, "overijssel": 25, "flevoland": 6,
    "gelderland": 51, "utrecht": 26, "noord-holland": 44, "zuid-holland": 50, "zeeland": 13,
    "noord-brabant": 56, "limburg": 31,
}


def _rows(name):
    return read_csv(knowledge_file(name))


# A few codes from CBS's list "Gemeenten alfabetisch 2026".
CBS_CODES = {
    "GM0363": ("Amsterdam", "noord-holland"), "GM0034": ("Almere", "flevoland"),
    "GM0995": ("Lelystad", "flevoland"), "GM0935": ("Maastricht", "limburg"),
    "GM0917": ("Heerlen", "limburg"), "GM1883": ("Sittard-Geleen", "limburg"),
    "GM0518": ("'s-Gravenhage", "zuid-holland"), "GM0014": ("Groningen", "groningen"),
    "GM0153": ("Enschede", "overijssel"), "GM1992": ("Voorne aan Zee", "zuid-holland"),
    "GM0893": ("Bergen (L.)", "limburg"), "GM0373": ("Bergen (NH.)", "noord-holland"),
}


def test_data_file_follows_cbs_2026():
    rows = _rows("gemeenten.csv")
    assert len(rows) == 342  # CBS: 342 gemeenten on 1 January 2026
    codes = [row["code"] for row in rows]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    by_code = {row["code"]: (row["naam"], row["provincie"]) for row in rows}
    for code, expected in CBS_CODES.items():
        assert by_code[code] == expected, code
    header = knowledge_file("gemeenten.csv").read_text(encoding="utf-8").split("\ncode,")[0]
    assert "Gemeentelijke indeling op 1 januari 2026" in header
    assert "cbs.nl" in header


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Ik zit in Weesp", "GM0363"), ("Hellevoetsluis", "GM1992"), ("gemeente Almere", "GM0034"),
     ("Den Haag", "GM0518"), ("Geleen", "GM1883")],
)
def test_former_names_and_places_give_the_cbs_gemeente(raw, code):
    result = lookup_gemeente(raw)
    assert isinstance(result, Valid) and result.value.code == code


def test_data_file_sanity():
    rows = _rows("gemeenten.csv")
    names = [row["naam"] for row in rows]
    assert 340 <= len(rows) <= 345
    assert len(set(names)) == len(names), "dubbele gemeentenamen"
    assert len({name_key(n) for n in names}) == len(names), "namen die na normaliseren gelijk zijn"
    assert {row["provincie"] for row in rows} <= set(provincies())
    assert all(name == name.strip() and name for name in names)
    assert Counter(row["provincie"] for row in rows) == PER_PROVINCIE


def test_old_names_file_points_to_existing_gemeenten():
    current = {row["naam"] for row in _rows("gemeenten.csv")}
    rows = _rows("gemeenten_oud.csv")
    assert len(rows) > 400
    for row in rows:
        assert row["soort"] in {"andere_naam", "oud", "woonplaats"}, row
        assert set(row["gemeente"].split("|")) <= current, row
    keys = [name_key(row["naam"]) for row in rows]
    assert len(set(keys)) == len(keys), "dubbele namen in gemeenten_oud.csv"


def test_data_files_have_source_and_peildatum_header():
    for name in ("gemeenten.csv", "gemeenten_oud.csv"):
        text = knowledge_file(name).read_text(encoding="utf-8")
        header = text.split("\nnaam,")[0].split("\ncode,")[0]
        assert "Peildatum" in header or "peildatum" in header
        assert "CBS" in header


@pytest.mark.parametrize("naam", FLEVOLAND)
def test_all_flevoland_gemeenten(naam):
    result = lookup_gemeente(naam)
    assert isinstance(result, Valid) and result.certain
    assert (result.value.naam, result.value.provincie) == (naam, "flevoland")


@pytest.mark.parametrize("naam", LIMBURG)
def test_all_limburg_gemeenten(naam):
    result = lookup_gemeente(naam)
    assert isinstance(result, Valid) and result.certain
    assert (result.value.naam, result.value.provincie) == (naam, "limburg")


def test_flevoland_and_limburg_are_complete():
    by_provincie = Counter(g.provincie for g in all_gemeenten())
    assert {g.naam for g in all_gemeenten() if g.provincie == "flevoland"} == set(FLEVOLAND)
    assert {g.naam for g in all_gemeenten() if g.provincie == "limburg"} == set(LIMBURG)
    assert by_provincie["limburg"] == 31


@pytest.mark.parametrize(
    ("raw", "gemeente", "provincie"),
    [
        ("almere", "Almere", "flevoland"),
        ("ALMERE", "Almere", "flevoland"),
        ("gemeente Almere", "Almere", "flevoland"),
        ("De gemeente Lelystad", "Lelystad", "flevoland"),
        ("in Almere", "Almere", "flevoland"),
        ("we zitten in Urk", "Urk", "flevoland"),
        ("Almere, Flevoland", "Almere", "flevoland"),
        ("Heerlen (Limburg)", "Heerlen", "limburg"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch", "noord-brabant"),
        ("s-Hertogenbosch", "'s-Hertogenbosch", "noord-brabant"),
        ("Den Bosch", "'s-Hertogenbosch", "noord-brabant"),
        ("den haag", "'s-Gravenhage", "zuid-holland"),
        ("Sudwest Fryslan", "Súdwest-Fryslân", "friesland"),
        ("Haarlemmermeer", "Haarlemmermeer", "noord-holland"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten", "noord-brabant"),
        ("Bergen NH", "Bergen (NH.)", "noord-holland"),
        ("Hengelo", "Hengelo", "overijssel"),
        ("Utrecht", "Utrecht", "utrecht"),
        ("Groningen", "Groningen", "groningen"),
    ],
)
def test_names_case_prefixes_and_aliases(raw, gemeente, provincie):
    result = lookup_gemeente(raw)
    assert isinstance(result, Valid) and result.certain
    assert (result.value.naam, result.value.provincie) == (gemeente, provincie)


@pytest.mark.parametrize(
    ("raw", "gemeente"),
    [
        ("Hoensbroek", "Heerlen"),
        ("Emmeloord", "Noordoostpolder"),
        ("Onderbanken", "Beekdaelen"),
        ("Nuth", "Beekdaelen"),
        ("Schinnen", "Beekdaelen"),
        ("Weesp", "Amsterdam"),
        ("Appingedam", "Eemsdelta"),
        ("Delfzijl", "Eemsdelta"),
        ("Hoofddorp", "Haarlemmermeer"),
        ("Brielle", "Voorne aan Zee"),
        ("Uden", "Maashorst"),
        ("Boxmeer", "Land van Cuijk"),
        ("Sittard", "Sittard-Geleen"),
        ("Biddinghuizen", "Dronten"),
        ("Rosmalen", "'s-Hertogenbosch"),
    ],
)
def test_old_names_and_woonplaatsen(raw, gemeente):
    result = lookup_gemeente(raw)
    assert isinstance(result, Valid) and result.value.naam == gemeente
    assert raw in result.display  # "Heerlen (Limburg), daar hoort Hoensbroek bij"


@pytest.mark.parametrize(
    ("raw", "gemeente"),
    [("Almare", "Almere"), ("Lelystadt", "Lelystad"), ("Maastrict", "Maastricht"),
     ("Amsterdm", "Amsterdam"), ("Den Bosh", "'s-Hertogenbosch"),
     ("Noordoostpolde", "Noordoostpolder"), ("Emmelord", "Noordoostpolder")],
)
def test_typos_are_guessed_but_marked_uncertain(raw, gemeente):
    result = lookup_gemeente(raw)
    assert isinstance(result, Valid) and result.value.naam == gemeente
    assert result.certain is False


def test_no_guessing_when_fuzzy_is_off():
    assert isinstance(lookup_gemeente("Almare", fuzzy=False), Invalid)


@pytest.mark.parametrize(
    ("raw", "options"),
    [
        ("Haaren", {"Oisterwijk", "Vught", "Tilburg", "Boxtel"}),
        ("Bergen", {"Bergen (NH.)", "Bergen (L.)"}),
        ("Heerle", {"Heerlen", "Heerde"}),
    ],
)
def test_names_of_several_gemeenten_ask_which_one(raw, options):
    result = lookup_gemeente(raw)
    assert isinstance(result, Invalid)
    assert set(result.options) == options
    assert all(option in result.message for option in options)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Zeeland", "gemeente_is_provincie"), ("Limburg", "gemeente_is_provincie"),
     ("Xyzzyville", "gemeente_onbekend"), ("Ede2", "gemeente_onbekend"),
     ("Edo", "gemeente_onbekend"),
     ("", "gemeente_leeg"), ("😀", "gemeente_leeg"), ("gemeente", "gemeente_onbekend"),
     ("A" * 10_000, "gemeente_te_lang")],
)
def test_invalid_places(raw, code):
    result = lookup_gemeente(raw)
    assert isinstance(result, Invalid) and result.code == code


def test_every_gemeente_resolves_to_itself():
    for gemeente in all_gemeenten():
        result = lookup_gemeente(gemeente.naam)
        assert isinstance(result, Valid) and result.value == gemeente


def test_index_is_cached():
    assert gemeente_index() is gemeente_index()


def test_csv_parses_quoted_names():
    text = knowledge_file("gemeenten.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    assert ["GM0820", "Nuenen, Gerwen en Nederwetten", "noord-brabant"] in rows
