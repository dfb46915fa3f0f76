"""The confidentiality guard finds national numbers and bank accounts, not ordinary numbers."""

import pytest
from django.core.exceptions import ValidationError

from network.confidentiality import check_text, is_valid_niss, scan


def niss(birth: str, serial: str, *, after_2000: bool = False) -> str:
    base = int(("2" if after_2000 else "") + birth + serial)
    return f"{birth}{serial}{97 - base % 97:02d}"


def test_a_niss_born_before_2000_is_found_in_any_spelling():
    number = niss("850730", "033")
    dotted = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    for text in (f"NN {number}", f"registre {dotted} merci"):
        assert [f.kind for f in scan(text)] == ["niss"], text


def test_a_niss_born_after_2000_uses_the_2_prefix():
    number = niss("050412", "127", after_2000=True)
    assert is_valid_niss(number)
    # The check digits differ from the pre-2000 rule: only the « 2 » prefix explains them.
    assert number != niss("050412", "127")
    assert [f.kind for f in scan(f"enfant {number}")] == ["niss"]


def test_eleven_digits_with_a_wrong_check_are_not_a_niss():
    number = niss("850730", "033")
    wrong = number[:9] + f"{(int(number[9:]) + 1) % 100:02d}"
    assert scan(f"référence {wrong}") == []
    assert scan("En 2024, 293 ménages sur 1730 ; 77 % en évolution positive.") == []


def test_belgian_iban_and_old_account_number_are_found():
    assert [f.kind for f in scan("compte BE68 5390 0754 7034 svp")] == ["iban"]
    assert [f.kind for f in scan("compte BE68539007547034")] == ["iban"]
    assert [f.kind for f in scan("ancien compte 539-0075470-34")] == ["iban"]
    assert scan("compte BE68 5390 0754 7035") == []


def test_findings_are_masked():
    finding = scan("BE68 5390 0754 7034")[0]
    assert "7034" not in finding.masked and finding.masked.startswith("BE68")


def test_check_text_raises_a_french_message():
    with pytest.raises(ValidationError) as exc:
        check_text("Madame X, NN " + niss("850730", "033"))
    assert "numéro de registre national" in exc.value.messages[0]
    check_text("Trois ateliers énergie avec le CPAS.")
