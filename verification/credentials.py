"""Which credentials a hire for a posting needs verified, and what the candidate's profile says of each.

The one rule, used by the verification page, the hire gate and the audit export:
- the OT license for the posting's state (where the patient is, for telehealth too), or a compact privilege
  for that state;
- NBCOT certification;
- CPR/BLS when one of the posting's *required* items is checked against CPR/BLS (or names CPR or BLS);
- the degree when a *required* item is checked against the degree (or is of kind education).
The Joint Commission asks for the first two at the source; the others are verified the same way here.
"""

import dataclasses
import re

from roles.models import Requirement

from .models import Credential

CPR_WORDS = re.compile(r"\b(CPR|BLS)\b", re.IGNORECASE)
Check = Requirement.Check
DEGREE_CHECKS = {Check.MASTERS, Check.DOCTORATE}


@dataclasses.dataclass(frozen=True)
class Required:
    """One credential a hire needs verified: what it is and what the candidate's profile claims."""

    credential: str  # a Credential value
    state: str
    label: str
    claimed: str  # the number and expiry on the profile, as the reviewer checks them against the source
    number: str = ""

    @property
    def accepts(self):
        """Credentials that satisfy it: a compact privilege for the state stands for the license."""
        if self.credential == Credential.LICENSE:
            return (Credential.LICENSE, Credential.PRIVILEGE)
        return (self.credential,)

    @property
    def key(self):
        return f"{self.credential}-{self.state}" if self.state else self.credential

    def satisfied_by(self, entry):
        return entry.credential in self.accepts and entry.state == self.state


def _expiry(day):
    return f"expires {day:%b %-d, %Y}" if day else "no expiry given"


def required_credentials(application, requirements=None):
    """The Required credentials of this application, in the order the page lists them.

    `requirements`: the posting's PostingRequirements when already read (else one query).
    """
    posting = application.posting
    profile = getattr(application.candidate, "profile", None)
    state = posting.location.state if posting.location_id else ""
    requirements = list(posting.requirements.all()) if requirements is None else requirements
    required_items = [item for item in requirements if item.importance == Requirement.Importance.REQUIRED]

    license = profile.license_for(state) if profile and state else None
    items = [
        Required(
            Credential.LICENSE,
            state,
            f"{state} OT license (or compact privilege)",
            f"{license.get_kind_display()} {license.number}, {_expiry(license.expires_on)}"
            if license
            else "None on the profile",
            license.number if license else "",
        ),
        Required(
            Credential.NBCOT,
            "",
            Credential.NBCOT.label,
            f"{profile.nbcot_number or 'no number'}, {profile.get_nbcot_status_display() or 'no status'}, "
            f"{_expiry(profile.nbcot_expires_on)}"
            if profile
            else "None on the profile",
            profile.nbcot_number if profile else "",
        ),
    ]
    if any(item.check_kind == Check.CPR_BLS or CPR_WORDS.search(item.text) for item in required_items):
        items.append(
            Required(
                Credential.CPR_BLS,
                "",
                Credential.CPR_BLS.label,
                _expiry(profile.cpr_bls_expires_on)
                if profile and profile.cpr_bls_expires_on
                else "None on the profile",
            )
        )
    if any(item.check_kind in DEGREE_CHECKS or item.kind == Requirement.Kind.EDUCATION for item in required_items):
        items.append(
            Required(
                Credential.DEGREE,
                "",
                Credential.DEGREE.label,
                (profile.get_degree_display() or "None on the profile") if profile else "None on the profile",
            )
        )
    return items
