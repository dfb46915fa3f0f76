"""The confidentiality guard: identifiers of tenants must not travel through the platform.

Shared professional secrecy allows anonymised situations and aggregate figures
only. :func:`scan` finds, in a free text, what identifies a person or their
money: Belgian national numbers (NISS: 11 digits, mod-97 check, with the
« 2 » prefixed for people born from 2000), IBANs (ISO 13616 mod-97; Belgian
ones are 16 characters) and Belgian bank account numbers in the old
``123-4567890-12`` form. Findings carry a masked excerpt, never the value.

With ``contacts=True`` it also finds Belgian phone numbers and e-mail
addresses that belong to nobody in ``known_emails`` (the caller looks the
members up, so that ``network`` stays independent of where the text comes
from). Texts about partner organisations (notes, comments) leave it off: a
CPAS's switchboard number is not a tenant's; conversations between referents
turn it on.

It lives in ``network`` so that every app (activity figures here, posts in
forums, pages in knowledge, minutes in events) uses one guard.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NISS = "niss"
IBAN = "iban"
PHONE = "phone"
EMAIL = "email"

LABELS = {
    NISS: _("numéro de registre national (NISS)"),
    IBAN: _("numéro de compte bancaire"),
    PHONE: _("numéro de téléphone"),
    EMAIL: _("adresse e-mail d'une personne extérieure au réseau"),
}

# YY MM DD SSS CC, optionally written 85.07.30-033.28 or with spaces.
_NISS_RE = re.compile(
    r"(?<![\w.-])(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[-.\s]?(\d{3})[-.\s]?(\d{2})(?![\w-])"
)
# Two letters, two check digits, then groups of digits/letters (spaces allowed).
_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]){10,30}")
# The Belgian account number before IBAN: 3-7-2 digits.
_BBAN_RE = re.compile(r"(?<![\d-])(\d{3})-(\d{7})-(\d{2})(?![\d-])")
# +32 / 0032 / 0, then 8 (landline) or 9 (mobile) digits with optional separators.
_PHONE_RE = re.compile(
    r"(?<![\d\w+])(?:\+32|0032|0)[\s./-]?(?:\(0\))?[\s./-]?[1-9](?:[\s./-]?\d){7,8}(?!\d)")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Finding:
    kind: str
    masked: str

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def is_valid_niss(digits: str) -> bool:
    """True for 11 digits that form a plausible national number with a valid check.

    The check is 97 minus the first nine digits modulo 97; for people born from
    2000 the nine digits are prefixed with a 2 first. The month may carry +20 or
    +40 (BIS numbers) and may be 0 when the birth date is unknown.
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]) % 20, int(digits[4:6])
    if month > 12 or day > 31:
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - int("2" + digits[:9]) % 97)


def is_valid_iban(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    if compact.startswith("BE") and len(compact) != 16:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def is_valid_belgian_account(first: str, middle: str, check: str) -> bool:
    remainder = int(first + middle) % 97
    return int(check) == (remainder or 97)


def _mask(value: str, keep: int) -> str:
    return value[:keep] + "•" * max(len(value) - keep, 3)


def _iban_in(candidate: str) -> str:
    """The longest valid IBAN at the start of a match that may run into the next word."""
    compact = re.sub(r"\s", "", candidate).upper()
    for end in range(len(compact), 13, -1):
        if is_valid_iban(compact[:end]):
            return compact[:end]
    return ""


def emails_in(text: str) -> set[str]:
    """The e-mail addresses written in a text, lower-cased (to look up which are members')."""
    return {match.group().rstrip(".").lower() for match in _EMAIL_RE.finditer(text)}


def scan(text: str, *, contacts: bool = False,
         known_emails: Iterable[str] = ()) -> list[Finding]:
    """What in ``text`` identifies a person or an account; empty when the text is safe.

    ``contacts`` adds phone numbers and the e-mail addresses not in ``known_emails``.
    """
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in taken)

    for match in _IBAN_RE.finditer(text):
        iban = _iban_in(match.group())
        if iban:
            taken.append(match.span())
            findings.append(Finding(IBAN, _mask(iban, 4)))
    for match in _BBAN_RE.finditer(text):
        if free(match.span()) and is_valid_belgian_account(*match.groups()):
            taken.append(match.span())
            findings.append(Finding(IBAN, _mask("".join(match.groups()), 3)))
    for match in _NISS_RE.finditer(text):
        digits = "".join(match.groups())
        if free(match.span()) and is_valid_niss(digits):
            taken.append(match.span())
            findings.append(Finding(NISS, _mask(digits, 2)))
    if contacts:
        findings += _contacts(text, free, taken, known_emails)
    return findings


def _contacts(text: str, free: Callable[[tuple[int, int]], bool],
              taken: list[tuple[int, int]], known_emails: Iterable[str]) -> list[Finding]:
    findings: list[Finding] = []
    for match in _PHONE_RE.finditer(text):
        if free(match.span()):
            taken.append(match.span())
            findings.append(Finding(PHONE, _mask(re.sub(r"\D", "", match.group()), 4)))
    known = {email.lower() for email in known_emails}
    for match in _EMAIL_RE.finditer(text):
        address = match.group().rstrip(".").lower()
        if address not in known:
            findings.append(Finding(EMAIL, _mask(address, 2)))
    return findings


def check_text(text: str) -> None:
    """Raise a ValidationError in French naming what was found (for form fields)."""
    findings = scan(text)
    if findings:
        kinds = sorted({str(f.label) for f in findings})
        raise ValidationError(
            _("Ce texte contient un %(kinds)s (%(masked)s). Les données d'un locataire "
              "ne peuvent pas être partagées : retirez-le et gardez une description "
              "anonyme.") % {"kinds": " et un ".join(kinds),
                             "masked": ", ".join(f.masked for f in findings)},
            code="confidential",
        )
