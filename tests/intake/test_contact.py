"""E-mail, Dutch phone numbers (E.164) and contact preference."""

from __future__ import annotations

import pytest

from assistant.intake import (
    Invalid,
    Valid,
    parse_contactvoorkeur,
    suggest_email_domain,
    validate_email,
    validate_telefoon,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("sanne@korenbloem.nl", "sanne@korenbloem.nl"),
        ("Sanne.de.Vries@Korenbloem.NL", "Sanne.de.Vries@korenbloem.nl"),
        ("  info+intake@bakkerij-de-korenbloem.nl ", "info+intake@bakkerij-de-korenbloem.nl"),
        ("mijn mail is piet@jansen.nl", "piet@jansen.nl"),
        ("<piet@jansen.nl>.", "piet@jansen.nl"),
        ("mailto:piet@jansen.co.uk", "piet@jansen.co.uk"),
    ],
)
def test_valid_email_addresses(raw, value):
    result = validate_email(raw)
    assert isinstance(result, Valid) and result.value == value


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "email_leeg"),
        ("sanne.korenbloem.nl", "email_geen_apenstaart"),
        ("a@b@c.nl", "email_apenstaarten"),
        ("sanne@", "email_domein"),
        ("sanne@korenbloem", "email_domein"),
        ("sanne@-korenbloem.nl", "email_domein"),
        ("sanne@korenbloem.n1", "email_domein"),
        ("@korenbloem.nl", "email_naam"),
        ("sanne..vries@korenbloem.nl", "email_naam"),
        ("san ne@x.nl en piet@y.nl", "email_meerdere"),
        ("😀@😀.nl", "email_naam"),
        ("a" * 10_000 + "@x.nl", "email_te_lang"),
    ],
)
def test_invalid_email_addresses(raw, code):
    result = validate_email(raw)
    assert isinstance(result, Invalid) and result.code == code
    assert "@" in result.message or "adres" in result.message


def test_email_typo_suggestion_for_common_providers():
    assert suggest_email_domain("sanne@gmial.com") == "sanne@gmail.com"
    assert suggest_email_domain("sanne@hotmial.com") == "sanne@hotmail.com"
    assert suggest_email_domain("sanne@gmail.com") is None
    assert suggest_email_domain("sanne@korenbloem.nl") is None


@pytest.mark.parametrize(
    ("raw", "e164", "shown"),
    [
        ("0612345678", "+31612345678", "06 12345678"),
        ("06-12345678", "+31612345678", "06 12345678"),
        ("06 1234 5678", "+31612345678", "06 12345678"),
        ("+31 6 12345678", "+31612345678", "06 12345678"),
        ("+31 (0)6 1234 5678", "+31612345678", "06 12345678"),
        ("+31612345678", "+31612345678", "06 12345678"),
        ("0031 6 12345678", "+31612345678", "06 12345678"),
        ("010-1234567", "+31101234567", "010 1234567"),
        ("020 123 4567", "+31201234567", "020 1234567"),
        ("(020) 123 45 67", "+31201234567", "020 1234567"),
        ("043-3456789", "+31433456789", "043 3456789"),
        ("0418-123456", "+31418123456", "0418 123456"),
        ("0320 123456", "+31320123456", "0320 123456"),
        ("045 571 2345", "+31455712345", "045 5712345"),
        ("085 1234567", "+31851234567", "085 1234567"),
        ("tel: 06-12345678", "+31612345678", "06 12345678"),
    ],
)
def test_dutch_numbers_are_normalised_to_e164(raw, e164, shown):
    assert validate_telefoon(raw) == Valid(e164, shown)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "telefoon_leeg"),
        ("061234567", "telefoon_te_weinig_cijfers"),
        ("06123456789", "telefoon_te_veel_cijfers"),
        ("06-1234567a", "telefoon_letters"),
        ("zes twaalf", "telefoon_letters"),
        ("06#12345678", "telefoon_tekens"),
        ("😀", "telefoon_tekens"),
        ("+32 470 12 34 56", "telefoon_buitenland"),
        ("0049 30 1234567", "telefoon_buitenland"),
        ("612345678", "telefoon_begin"),
        ("0800-1234", "telefoon_servicenummer"),
        ("0900 1234567", "telefoon_servicenummer"),
        ("0012345678", "telefoon_buitenland"),
        ("0661234567", "telefoon_ongeldig"),
        ("0971234567", "telefoon_ongeldig"),
        ("0" * 10_000, "telefoon_te_lang"),
    ],
)
def test_invalid_phone_numbers(raw, code):
    result = validate_telefoon(raw)
    assert isinstance(result, Invalid) and result.code == code


def test_phone_length_message_counts_digits():
    assert "Ik tel er 9" in validate_telefoon("061234567").message


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("mail maar", "email"),
        ("per e-mail graag", "email"),
        ("E-mail", "email"),
        ("stuur maar een mailtje", "email"),
        ("bel me", "telefoon"),
        ("bellen is prima", "telefoon"),
        ("telefonisch", "telefoon"),
        ("liever terugbellen", "telefoon"),
        ("whatsapp", "telefoon"),  # documented choice: needs the phone number
        ("app me maar", "telefoon"),
        ("sms", "telefoon"),
        ("via de chat", "chat"),
        ("hier in de chat graag", "chat"),
        ("chatten", "chat"),
        ("niet bellen, liever mailen", "email"),
        ("geen mail, bel maar", "telefoon"),
    ],
)
def test_contact_preference_from_free_text(raw, value):
    result = parse_contactvoorkeur(raw)
    assert isinstance(result, Valid) and result.value == value


@pytest.mark.parametrize(
    ("raw", "options"),
    [
        ("bel of mail maar", {"email", "telefoon"}),
        ("maakt niet uit", {"email", "telefoon", "chat"}),
        ("niet bellen", {"email", "chat"}),
        ("😀", {"email", "telefoon", "chat"}),
    ],
)
def test_unclear_preference_offers_options(raw, options):
    result = parse_contactvoorkeur(raw)
    assert isinstance(result, Invalid) and result.code == "contactvoorkeur_kies"
    assert set(result.options) == options
