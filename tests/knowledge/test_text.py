"""Dutch text handling: words, stems, compounds and typos."""

from __future__ import annotations

import pytest

from assistant.knowledge.text import Vocabulary, content_words, stem, words


def test_words_fold_accents_keep_abbreviations_and_drop_control_characters():
    assert words("S&O-afdracht voor Fryslân\x00\x1b mkb'ers, R&D!") == [
        "so",
        "afdracht",
        "voor",
        "fryslan",
        "mkbers",
        "rd",
    ]


def test_content_words_drop_stop_words():
    assert content_words("Kom ik in aanmerking voor de subsidie?") == ["subsidie"]


@pytest.mark.parametrize(
    ("word", "other"),
    [("leningen", "lening"), ("medewerkers", "medewerker"), ("subsidies", "subsidie")],
)
def test_dutch_stemming_joins_word_forms(word, other):
    assert stem(word) == stem(other)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(
        [
            "energie",
            "besparing",
            "energiebesparing",
            "subsidie",
            "digitalisering",
            "voucher",
            "bedrijf",
            "overname",
            "opleiding",
            "personeel",
        ]
    )


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("energiebesparingssubsidie", ("energiebesparing", "subsidie")),
        ("digitaliseringsvoucher", ("digitalisering", "voucher")),
        ("bedrijfsovername", ("bedrijf", "overname")),
        ("personeelsopleidingsubsidie", ("personeel", "opleiding", "subsidie")),
    ],
)
def test_compounds_split_into_known_parts(vocabulary, compound, parts):
    assert vocabulary.split(compound) == parts


def test_typos_are_corrected_to_the_nearest_known_word(vocabulary):
    assert vocabulary.resolve("opleidng") == (("opleiding",), "typefout")
    assert vocabulary.resolve("subsdiie") == (("subsidie",), "typefout")
    assert vocabulary.resolve("voucher") == (("voucher",), "exact")
    assert vocabulary.resolve("kat") == (("kat",), "onbekend")  # too short to guess
