"""The confidentiality guard: tenant identifiers must not travel through the platform.

Shared professional secrecy allows anonymised situations only. Before a text
is saved (a post, later a page or event minutes), :func:`scan` looks for what
identifies a person: Belgian national numbers (NISS, mod-97 checked, including
people born from 2000), IBANs (ISO 13616 mod-97), Belgian phone numbers and
e-mail addresses that belong to no member of the network.

Findings carry a masked excerpt, never the full value, so that they can be
shown back to the author and logged safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NISS = "niss"
IBAN = "iban"
PHONE = "phone"
EMAIL = "email"

LABELS = {
    NISS: _("numéro de registre national (NISS)"),
    IBAN: _("numéro de compte bancaire (IBAN)"),
    PHONE: _("numéro de téléphone"),
    EMAIL: _("adresse e-mail d'une personne extérieure au réseau"),
}

# 11 digits, optionally written YY.MM.DD-XXX.CC (dots, dashes or spaces).
_NISS_RE = re.compile(
    r"(?<![\d\w])(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[-.\s]?(\d{3})[.\s]?(\d{2})(?![\d\w])")
_IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])",
    re.IGNORECASE)
# +32 / 0032 / 0, then 8 (landline) or 9 (mobile) digits with optional separators.
_PHONE_RE = re.compile(
    r"(?<![\d\w+])(?:\+32|0032|0)[\s./-]?(?:\(0\))?[\s./-]?[1-9](?:[\s./-]?\d){7,8}(?!\d)")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    kind: str
    masked: str

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def is_valid_niss(digits: str) -> bool:
    """11 digits whose last two are 97 minus the first nine mod 97 (with a 2 prefixed from 2000)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    base, check = int(digits[:9]), int(digits[9:])
    month = int(digits[2:4]) % 20  # BIS numbers add 20 or 40 to the month
    if month > 12:
        return False
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def is_valid_iban(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    if compact.startswith("BE") and len(compact) != 16:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _longest_valid_iban(candidate: str) -> str:
    """The valid IBAN at the start of a candidate that may run into the next word."""
    parts = candidate.split()
    for end in range(len(parts), 0, -1):
        compact = "".join(parts[:end])
        if is_valid_iban(compact):
            return compact.upper()
    return ""


def _mask(value: str, keep: int = 4) -> str:
    shown = value[:keep]
    return shown + "•" * max(len(value) - keep, 3)


def scan(text: str, *, known_emails: Iterable[str] = ()) -> list[Finding]:
    """Everything in ``text`` that identifies a person; empty when the text is safe."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in taken)

    for match in _IBAN_RE.finditer(text):
        iban = _longest_valid_iban(match.group(1))
        if iban:
            taken.append(match.span())
            findings.append(Finding(IBAN, _mask(iban)))
    for match in _NISS_RE.finditer(text):
        if free(match.span()) and is_valid_niss("".join(match.groups())):
            taken.append(match.span())
            findings.append(Finding(NISS, _mask("".join(match.groups()), 2)))
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


def emails_in(text: str) -> set[str]:
    """The e-mail addresses written in a text (to look up which belong to members)."""
    return {m.group().rstrip(".").lower() for m in _EMAIL_RE.finditer(text)}
