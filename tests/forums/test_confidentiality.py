"""The confidentiality guard as posts use it (contacts on): valid identifiers are caught,
look-alikes are not. The guard itself is network/confidentiality.py."""

import pytest

from network.confidentiality import EMAIL, IBAN, NISS, PHONE, is_valid_iban, is_valid_niss, scan


def kinds(text: str, **kwargs) -> list[str]:
    return [finding.kind for finding in scan(text, contacts=True, **kwargs)]


@pytest.mark.parametrize("number", [
    "85073003328",           # born 1985: 97 - (850730033 mod 97) = 28
    "85.07.30-033.28",       # the way it is printed on an identity card
    "85 07 30 033 28",
    "01020312345",           # born 2001: the check uses 2 prefixed to the number
    "01.02.03-123.45",
])
def test_valid_national_numbers_are_detected(number):
    assert kinds(f"La locataire ({number}) a signé.") == [NISS]


def test_the_2000_rule_is_what_makes_a_recent_number_valid():
    assert 97 - int("010203123") % 97 != 45  # without the prefix it would not check
    assert is_valid_niss("01020312345")


@pytest.mark.parametrize("text", [
    "85073003329",                 # wrong check digits
    "85.07.30-033.27",
    "85143003328",                 # month 14 does not exist
    "Le dossier 12345678901 est clos.",
    "Réunion le 24.11.2026 à 14 h, salle 3.",
    "Nous avons 1 234 logements et 62 SLSP.",
])
def test_look_alikes_are_not_flagged(text):
    assert NISS not in kinds(text)


def test_iban_with_a_valid_check_is_detected_in_any_layout():
    assert kinds("Compte BE68 5390 0754 7034 pour le loyer") == [IBAN]
    assert kinds("compte BE68539007547034.") == [IBAN]
    assert kinds("NL91ABNA0417164300") == [IBAN]
    assert is_valid_iban("BE68 5390 0754 7034")


def test_iban_with_a_wrong_check_is_not_flagged():
    assert not is_valid_iban("BE68 5390 0754 7035")
    assert IBAN not in kinds("BE68 5390 0754 7035")


@pytest.mark.parametrize("phone", ["0470 12 34 56", "+32 470 12 34 56", "081/22.33.44",
                                   "0032 81 22 33 44", "04 223 45 67"])
def test_belgian_phone_numbers_are_detected(phone):
    assert kinds(f"Appeler le {phone} demain") == [PHONE]


def test_third_party_email_is_flagged_but_a_member_address_is_not():
    text = "Écrire à madame.locataire@gmail.com ou à collegue@slsp.be"
    assert kinds(text, known_emails={"collegue@slsp.be"}) == [EMAIL]


def test_old_belgian_account_numbers_are_caught_in_posts_too():
    assert kinds("ancien compte 539-0075470-34") == [IBAN]


def test_partner_texts_leave_contacts_alone():
    """Partners' notes carry a service's switchboard and address: contacts stay off there."""
    text = "CPAS : 081 22 33 44, accueil@cpas-namur.be"
    assert scan(text) == []
    assert kinds(text) == [PHONE, EMAIL]


def test_findings_never_carry_the_full_value():
    finding = scan("85.07.30-033.28")[0]
    assert "033" not in finding.masked and "28" not in finding.masked[2:]


def test_an_anonymised_situation_passes():
    text = ("Une famille de 4 personnes, arriérés de 3 mois, plan d'apurement avec le CPAS "
            "depuis janvier 2025 ; visite prévue le 12/03.")
    assert scan(text, contacts=True) == []
