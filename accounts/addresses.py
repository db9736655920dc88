"""One canonical form of each email address: what is stored, compared, made unique and counted by the limits.

Comparing addresses "ignoring case" in the database is not one rule but two:
Python's `lower()` and PostgreSQL's `UPPER()` disagree on letters such as the
dotless ı (U+0131), İ (U+0130), the long ſ (U+017F) and the Kelvin sign
(U+212A), and Django's email check lets exactly these four through (its
`[a-z]` with IGNORECASE matches them). So one address could be two accounts,
or sign in as another. Instead every address is brought to one form in Python,
once, and the database only ever compares that form exactly:

- Unicode compatibility forms become what they stand for (NFKC: fullwidth
  ｋｉｒａ is kira, the Kelvin sign is K, ſ is s), then the part before the @ is
  lower-cased and must be plain ASCII, as Django's own check requires; ı and İ
  have no ASCII form and are refused rather than guessed at.
- The domain is mapped by IDNA (UTS #46: case, width, normalisation) and kept
  in its Unicode spelling, so münchen.de is one domain however it was typed.
  A real internationalised domain is accepted; a label whose letters could all
  pass for plain Latin ones (gmaıl, exаmple with a Cyrillic а) or that mixes
  scripts confusably is refused: it exists to be mistaken for another.
"""

import functools
import unicodedata

import idna
from confusable_homoglyphs import confusables
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

INVALID_MESSAGE = "Enter a valid email address."
NON_ASCII_LOCAL_MESSAGE = (
    "The part before the @ can only use plain letters (a–z), digits and . _ - + here. "
    "Use another address if yours has other letters there."
)
LOOKALIKE_MESSAGE = (
    "This address uses a letter that looks like another one (such as ı for i, or a Cyrillic а for a), "
    "so we cannot accept it. Type the address with the letters your email provider uses."
)


@functools.lru_cache(maxsize=4096)
def _passes_for_ascii(char):
    """True when `char` (not ASCII) is listed as a look-alike of a plain ASCII character (Unicode TR #39 data)."""
    found = confusables.is_confusable(char, greedy=True) or []
    return any(len(glyph["c"]) == 1 and glyph["c"].isascii() for item in found for glyph in item["homoglyphs"])


def _confusable_label(label):
    """A domain label that could be taken for another: every letter plain Latin or a look-alike of one, or mixed scripts."""
    letters = [char for char in label if char.isalpha()]
    foreign = [char for char in letters if not char.isascii()]
    if not foreign:
        return False
    if all(_passes_for_ascii(char) for char in foreign):
        return True
    return bool(confusables.is_dangerous(label))


def _canonical_domain(domain):
    try:
        ascii_domain = idna.encode(domain, uts46=True, transitional=False).decode("ascii")
        unicode_domain = idna.decode(ascii_domain)
    except (idna.IDNAError, UnicodeError, ValueError):
        raise ValidationError(INVALID_MESSAGE, code="invalid") from None
    if any(_confusable_label(label) for label in unicode_domain.split(".")):
        raise ValidationError(LOOKALIKE_MESSAGE, code="confusable")
    return unicode_domain


def canonical_email(address):
    """The one form of `address` that is stored and compared; ValidationError when malformed or confusable."""
    text = unicodedata.normalize("NFKC", str(address or "")).strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    if not local.isascii():
        if any(not char.isascii() and _passes_for_ascii(char) for char in local):
            raise ValidationError(LOOKALIKE_MESSAGE, code="confusable")
        raise ValidationError(NON_ASCII_LOCAL_MESSAGE, code="non_ascii_local")
    email = f"{local.lower()}@{_canonical_domain(domain)}"
    validate_email(email)
    return email


def email_key(typed):
    """What the per-address limits count a typed address as: its canonical form, or (refused) a fold of it.

    A refused address can match no account, so counting it apart costs nothing;
    counting it with the account it imitates would let a prober lock that one out.
    """
    try:
        return canonical_email(typed)
    except ValidationError:
        return unicodedata.normalize("NFKC", str(typed or "")).strip().casefold()


class CanonicalEmailFormField(forms.EmailField):
    """An email field that cleans to the canonical form, so ｋｉｒａ@ｅｘａｍｐｌｅ.ｃｏｍ is accepted as kira@example.com."""

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_email(value) if value else value
