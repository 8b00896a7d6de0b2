"""Personal data never reaches the logs."""

from __future__ import annotations

import logging

import pytest

from assistant.intake import PersonalDataFilter, mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail sanne.devries@korenbloem.nl nu", "mail [e-mail] nu"),
        ("bel 06-12345678", "bel [telefoon]"),
        ("bel +31 6 1234 5678", "bel [telefoon]"),
        ("bel 0031612345678", "bel [telefoon]"),
        ("vast 010 123 4567", "vast [telefoon]"),
        ("vast (0418) 123456", "vast [telefoon]"),
        ("KvK 12345678", "KvK [kvk]"),
        ("kvk: 12.34.56.78", "kvk: [kvk]"),
        ("nummer 1234 5678", "nummer [kvk]"),
        ("IBAN NL91 ABNA 0417 1643 00", "IBAN [iban]"),
        ("iban nl91abna0417164300", "iban [iban]"),
        ("BSN 123456782", "BSN [nummer]"),
        ("postcode 1234 AB", "postcode [postcode]"),
        ("we zijn met 6 mensen sinds 2015", "we zijn met 6 mensen sinds 2015"),
    ],
)
def test_masks_personal_data(text, masked):
    assert mask_personal_data(text) == masked


def test_masks_known_names_and_their_parts():
    text = "Sanne de Vries belde; sanne zei dat De Vries later komt. Vriesland blijft."
    masked = mask_personal_data(text, names=["Sanne de Vries"])
    assert "Sanne" not in masked and "sanne" not in masked and "Vries " not in masked
    assert "Vriesland" in masked  # only whole words


def test_everything_in_one_message():
    text = ("Ik ben Sanne, mail sanne@korenbloem.nl, bel 0612345678, KvK 12345678, "
            "IBAN NL91ABNA0417164300")
    masked = mask_personal_data(text, names=["Sanne"])
    for secret in ("Sanne", "sanne@", "0612345678", "12345678", "NL91"):
        assert secret not in masked


@pytest.mark.parametrize("raw", [None, "", "😀", "x" * 10_000])
def test_odd_input(raw):
    assert isinstance(mask_personal_data(raw), str)


def test_logging_filter_masks_records(caplog):
    logger = logging.getLogger("test.intake.privacy")
    handler_filter = PersonalDataFilter(names=["Sanne"])
    logger.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger="test.intake.privacy"):
            logger.info("intake van %s: %s", "Sanne", "sanne@korenbloem.nl")
    finally:
        logger.removeFilter(handler_filter)
    assert caplog.records[0].getMessage() == "intake van [naam]: [e-mail]"
