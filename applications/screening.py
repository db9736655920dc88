"""Screening: requirements checked against the candidate's profile, and the match score built on the outcomes.

The one place that decides what a requirement's outcome is, used by the apply flow, the pipeline, the applicant
page, the CSV, the emails and the demo data alike (README.md, "Screening"). Public API:

- `check(kind, posting=, profile=, today=)` → `CheckResult`: one check (a `Requirement.Check` value) with its
  outcome (`Outcome.MET`, `NOT_MET` with the reason, `NOT_KNOWN` when the profile does not say), a `code`,
  the reviewer's `reason` and the candidate's `advice`.
- `screen(posting=, profile=, answers=, today=)` → `Screening`: every requirement's outcome (`items`), the
  credential checks every OT gets (`credentials`), the band, the match score and its reasons; `fields()`
  gives the Application columns.
- `assignment_period(posting, today)`, `compact_states()` and `expired_credentials(profile, today)`.

Checks read the profile and the posting only; nothing here queries the database except `compact_states()`
(pass its result as `compact=` when screening many applications).
"""

import dataclasses
import datetime
import functools

from django.utils import dateformat, translation

from postings.states import STATE_NAMES
from roles.models import Requirement

from .compact import CompactMemberState
from .models import Application, Outcome
from .profiles import CandidateProfile

Check = Requirement.Check
MET, NOT_MET, NOT_KNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.NOT_KNOWN

# The score (README.md, "Screening"): points per item, a bare yes earns one point less than a yes with evidence.
REQUIRED_POINTS = 4
PREFERRED_POINTS = 2
BARE_YES_DISCOUNT = 1
# The highest score of each band below "meets every required item".
BAND_CAPS = {Application.Band.KNOCKED_OUT: 49, Application.Band.TO_CONFIRM: 79, Application.Band.QUALIFIED: 100}

# The Application columns screening fills in (Screening.fields()).
SCREENED_FIELDS = (
    "knockouts",
    "screening_band",
    "match_score",
    "match_reasons",
    "flag_no_state_license",
    "flag_license_not_given",
    "flag_license_expires_before_start",
    "flag_nbcot_not_active",
    "flag_nbcot_not_given",
    "flag_cpr_expired",
    "flag_cpr_not_given",
    "flag_experience_below_minimum",
    "years_experience",
    "years_leadership",
)

# License check codes that mean "no licence that counts for the state" rather than "one that lapses".
NO_LICENSE_CODES = {"wrong_state", "not_member", "privileges_not_started", "no_home_license"}
LAPSE_CODES = {"expired", "expires_before_start", "expires_during"}


@dataclasses.dataclass(frozen=True)
class AnswerInput:
    """A candidate's yes/no answer to a requirement no fact can answer, with an optional line of evidence."""

    requirement_id: int
    meets: bool
    evidence: str = ""


@dataclasses.dataclass(frozen=True)
class Period:
    """The days a credential must cover: from the start (today at the earliest) through the assignment's end."""

    start: datetime.date
    end: datetime.date
    weeks: int | None = None


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """One check's finding: `outcome` (an Outcome), a short `code` (e.g. "expired"), `reason` and `advice`."""

    kind: str
    outcome: str
    code: str
    reason: str  # for reviewers, e.g. "TX license expires Dec 21, 2026, before the start (Dec 22, 2026)"
    advice: str = ""  # for the candidate, what to add or fix; empty when met

    @property
    def is_met(self):
        return self.outcome == MET

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label


@dataclasses.dataclass(frozen=True)
class ItemResult:
    """One requirement of the posting with its outcome: checked against the profile, or answered."""

    requirement: object
    outcome: str
    reason: str = ""
    advice: str = ""
    evidence: str = ""

    @property
    def is_checked(self):
        return self.requirement.is_checked

    @property
    def is_met(self):
        return self.outcome == MET

    @property
    def points(self):
        """What the item earns towards the score (README.md, "Screening")."""
        full = REQUIRED_POINTS if self.requirement.is_required else PREFERRED_POINTS
        if not self.is_met:
            return 0
        if self.is_checked or self.evidence:
            return full
        return full - BARE_YES_DISCOUNT

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label

    @property
    def blocks_applying(self):
        return self.requirement.is_knockout and not self.is_met


def _day(value):
    return _formatted_day(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_day(value, language):
    # Formatting a date costs more than a whole check; the reasons repeat a few hundred distinct days, in the
    # language of the request (the month's abbreviation is translated), so each is formatted once.
    return dateformat.format(value, "M j, Y")


def assignment_period(posting, today):
    """From the start date (today when there is none, or it passed) through start + the assignment's length."""
    start = max(posting.start_date or today, today)
    weeks = posting.assignment_weeks
    return Period(start, start + datetime.timedelta(weeks=weeks) if weeks else start, weeks)


def compact_states():
    """The compact's member states, by state code: one query, to pass as `compact=` when screening many."""
    return {member.state: member for member in CompactMemberState.objects.all()}


def _posting_state(posting):
    return posting.location.state if posting.location_id else ""


# --- The checks -------------------------------------------------------------------------------------


def _validity(kind, expires_on, period, today, *, short, long):
    """A CheckResult when `expires_on` does not cover the period (None when it does).

    `short` names the credential for reviewers ("TX license"), `long` for the candidate ("Texas license").
    """
    if expires_on < today:
        return CheckResult(
            kind,
            NOT_MET,
            "expired",
            f"{short} expired {_day(expires_on)}",
            f"Your {long} expired on {_day(expires_on)}: update the date if it has been renewed.",
        )
    if expires_on < period.start:
        when = (
            "the day before this job starts"
            if expires_on == period.start - datetime.timedelta(days=1)
            else f"before this job starts on {_day(period.start)}"
        )
        return CheckResult(
            kind,
            NOT_MET,
            "expires_before_start",
            f"{short} expires {_day(expires_on)}, before the start ({_day(period.start)})",
            f"Your {long} expires {_day(expires_on)}, {when}: update it if it has been renewed.",
        )
    if expires_on < period.end:
        return CheckResult(
            kind,
            NOT_MET,
            "expires_during",
            f"{short} expires {_day(expires_on)}, during the assignment (through {_day(period.end)})",
            f"Your {long} expires {_day(expires_on)}, before this {period.weeks}-week assignment ends on "
            f"{_day(period.end)}: renew it, or update the date if you already have.",
        )
    return None


def _license(posting, profile, period, today, compact):
    kind = Check.LICENSE
    state = _posting_state(posting)
    if not state:
        return CheckResult(kind, MET, "no_state", "The posting names no state to check")
    name = STATE_NAMES.get(state, state)
    licenses = list(profile.licenses.all()) if profile else []
    if not licenses:
        return CheckResult(
            kind,
            NOT_KNOWN,
            "not_given",
            "No license given",
            f"Add your {name} OT license (or compact privilege) to your profile.",
        )
    held = next((lic for lic in licenses if lic.state == state), None)
    if held is None:
        listed = ", ".join(lic.state for lic in licenses)
        return CheckResult(
            kind,
            NOT_MET,
            "wrong_state",
            f"No license for {state} (holds {listed})",
            f"This job is in {name}: it needs a {name} OT license, or a compact privilege for {name} once the "
            f"compact issues them. Your profile lists {listed}.",
        )
    if not held.is_privilege:
        lapse = _validity(kind, held.expires_on, period, today, short=f"{state} license", long=f"{name} license")
        return lapse or CheckResult(kind, MET, "met", f"{state} license valid through {_day(held.expires_on)}")
    return _privilege(held, licenses, posting, period, today, compact, name)


def _privilege(held, licenses, posting, period, today, compact, name):
    """A compact privilege counts in a member state, once privileges start, on a valid home-state license."""
    kind, state = Check.LICENSE, held.state
    # Read only when a privilege is on the profile: most applicants hold state licenses only.
    compact = compact_states() if compact is None else compact
    member = compact.get(state)
    if member is None:
        return CheckResult(
            kind,
            NOT_MET,
            "not_member",
            f"{state} compact privilege, but {state} is not a compact member",
            f"{name} is not a member of the OT Licensure Compact, so a compact privilege does not count there: "
            f"add your {name} license.",
        )
    if not member.issues_privileges_on(today):
        start = f" (from {_day(member.privileges_from)})" if member.privileges_from else ""
        return CheckResult(
            kind,
            NOT_MET,
            "privileges_not_started",
            f"{state} compact privilege, but the compact issues no privileges yet{start}",
            f"The OT Licensure Compact does not issue privileges yet{start}: add your {name} license.",
        )
    homes = sorted(
        (lic for lic in licenses if not lic.is_privilege and lic.state != state and lic.state in compact),
        key=lambda lic: lic.expires_on,
        reverse=True,
    )
    if not homes:
        return CheckResult(
            kind,
            NOT_MET,
            "no_home_license",
            f"{state} compact privilege without a license in a member home state",
            "A compact privilege is held on a license in your home state, a compact member: add that license.",
        )
    home = homes[0]
    home_name = STATE_NAMES.get(home.state, home.state)
    lapse = _validity(
        kind, home.expires_on, period, today, short=f"Home {home.state} license", long=f"{home_name} license"
    ) or _validity(
        kind, held.expires_on, period, today, short=f"{state} compact privilege", long=f"{name} compact privilege"
    )
    return lapse or CheckResult(
        kind,
        MET,
        "met",
        f"{state} compact privilege on a {home.state} license, valid through {_day(min(held.expires_on, home.expires_on))}",
    )


def _nbcot(profile, period, today):
    kind = Check.NBCOT
    if profile is None or not profile.nbcot_status:
        return CheckResult(
            kind, NOT_KNOWN, "not_given", "NBCOT status not given", "Add your NBCOT certification to your profile."
        )
    if profile.nbcot_status != CandidateProfile.NbcotStatus.ACTIVE:
        status = _label(CandidateProfile.NbcotStatus, profile.nbcot_status)
        return CheckResult(
            kind,
            NOT_MET,
            "not_active",
            f"NBCOT: {status}",
            f"Your profile gives your NBCOT status as “{status}”; this job needs active certification.",
        )
    if profile.nbcot_expires_on is None:
        return CheckResult(kind, MET, "met", "NBCOT active (no expiry date given)")
    lapse = _validity(kind, profile.nbcot_expires_on, period, today, short="NBCOT", long="NBCOT certification")
    return lapse or CheckResult(kind, MET, "met", f"NBCOT active through {_day(profile.nbcot_expires_on)}")


def _cpr(profile, period, today):
    kind = Check.CPR_BLS
    if profile is None or profile.cpr_bls_expires_on is None:
        return CheckResult(
            kind,
            NOT_KNOWN,
            "not_given",
            "CPR/BLS not given",
            "Add the expiry date of your CPR/BLS card to your profile.",
        )
    lapse = _validity(kind, profile.cpr_bls_expires_on, period, today, short="CPR/BLS", long="CPR/BLS card")
    return lapse or CheckResult(kind, MET, "met", f"CPR/BLS valid through {_day(profile.cpr_bls_expires_on)}")


def _degree(kind, profile):
    Degree = CandidateProfile.Degree
    if profile is None or not profile.degree:
        return CheckResult(
            kind, NOT_KNOWN, "not_given", "Degree not given", "Add your highest OT degree to your profile."
        )
    wanted = (Degree.DOCTORATE,) if kind == Check.DOCTORATE else (Degree.MASTERS, Degree.DOCTORATE)
    degree = _label(Degree, profile.degree)
    if profile.degree in wanted:
        return CheckResult(kind, MET, "met", degree)
    asked = "a Doctor of OT (OTD)" if kind == Check.DOCTORATE else "a master's or doctoral degree in OT"
    return CheckResult(
        kind,
        NOT_MET,
        "degree",
        f"Highest OT degree: {degree}",
        f"Your profile gives your highest OT degree as “{degree}”; this item asks for {asked}.",
    )


@functools.cache
def _labels(choices):
    return dict(choices.choices)


def _label(choices, value):
    """What the profile's get_..._display() gives, without building the choices' dict on every call."""
    return str(_labels(choices).get(value, value))


def _years(n):
    return f"{n} year{'s' if n != 1 else ''}"


def _experience(profile, years, leadership):
    kind = Check.EXPERIENCE
    if profile is None:
        return CheckResult(kind, NOT_KNOWN, "not_given", "Experience not given", "Add your years of OT experience.")
    have = f"{_years(profile.years_experience)} of OT experience" + (
        f", {_years(profile.years_leadership)} leading" if profile.years_leadership else ""
    )
    short = []
    if profile.years_experience < years:
        short.append(f"{_years(years)} of OT experience")
    if profile.years_leadership < leadership:
        short.append(f"{_years(leadership)} in a leadership role")
    if short:
        asked = " and ".join(short)
        return CheckResult(
            kind,
            NOT_MET,
            "fewer_years",
            f"{have}; asks {asked}",
            f"Your profile gives {have}; this item asks for {asked}. Update your profile if it is out of date.",
        )
    return CheckResult(kind, MET, "met", have)


def _specialty(profile, requirement):
    kind = Check.SPECIALTY
    held = list(profile.specialties.all()) if profile else []
    if not held:
        return CheckResult(
            kind, NOT_KNOWN, "not_given", "No specialty given", "Add your clinical specialties to your profile."
        )
    wanted = {slug.strip() for slug in (requirement.specialties if requirement else "").split(",") if slug.strip()}
    matching = [item.name for item in held if not wanted or item.slug in wanted]
    if matching:
        return CheckResult(kind, MET, "met", "Specialty: " + ", ".join(matching))
    asked = ", ".join(sorted(slug.replace("-", " ") for slug in wanted))
    listed = ", ".join(item.name for item in held)
    return CheckResult(
        kind,
        NOT_MET,
        "specialty",
        f"Specialties {listed}; asks one of {asked}",
        f"Your profile lists {listed}; this item asks for one of: {asked}.",
    )


def _both(kind, results):
    """Several checks as one: not met when any is, else not known when any is, else met."""
    for outcome in (NOT_MET, NOT_KNOWN):
        failing = [result for result in results if result.outcome == outcome]
        if failing:
            return CheckResult(
                kind,
                outcome,
                failing[0].code,
                "; ".join(result.reason for result in failing),
                " ".join(result.advice for result in failing),
            )
    return CheckResult(kind, MET, "met", "; ".join(result.reason for result in results))


def check(kind, *, posting, profile, today, requirement=None, compact=None):
    """One check of `profile` for `posting` on `today`; `requirement` brings the years or specialties it asks.

    Credentials must stay valid through assignment_period(); `compact` is compact_states(), read when omitted
    and a compact privilege needs it.
    """
    return _check(kind, posting, profile, today, assignment_period(posting, today), requirement, compact, {})


def _check(kind, posting, profile, today, period, requirement, compact, done):
    """check() with the period given, and `done` ({kind: CheckResult}) holding what this screening already found:
    a credential asked by a requirement and checked again for the flags is checked once (only the years and
    the specialties read the requirement, so they are never taken from `done`)."""
    if kind in done:
        return done[kind]
    if kind == Check.LICENSE:
        result = _license(posting, profile, period, today, compact)
    elif kind == Check.NBCOT_AND_LICENSE:
        nbcot = _check(Check.NBCOT, posting, profile, today, period, None, compact, done)
        result = _both(kind, [nbcot, _check(Check.LICENSE, posting, profile, today, period, None, compact, done)])
    elif kind == Check.NBCOT:
        result = _nbcot(profile, period, today)
    elif kind == Check.CPR_BLS:
        result = _cpr(profile, period, today)
    elif kind in (Check.MASTERS, Check.DOCTORATE):
        result = _degree(kind, profile)
    elif kind == Check.EXPERIENCE:
        if requirement is None:
            level = posting.level
            return _experience(profile, level.min_years_experience, level.min_years_leadership)
        return _experience(profile, requirement.min_years, requirement.min_leadership_years)
    elif kind == Check.SPECIALTY:
        return _specialty(profile, requirement)
    else:
        raise ValueError(f"Unknown check {kind!r}")
    done[kind] = result
    return result


# --- A whole application ----------------------------------------------------------------------------


@dataclasses.dataclass
class Screening:
    """Everything the screening found for one candidate and one posting (see screen())."""

    items: list
    credentials: dict  # Check value → CheckResult: license, NBCOT, CPR/BLS and the level's experience
    profile: object

    @functools.cached_property
    def required(self):
        return [item for item in self.items if item.requirement.is_required]

    @functools.cached_property
    def preferred(self):
        return [item for item in self.items if not item.requirement.is_required]

    @functools.cached_property
    def checked(self):
        return [item for item in self.items if item.is_checked]

    @property
    def checked_short(self):
        """Required checked items the profile does not meet or does not say: what the candidate is warned of."""
        return [item for item in self.checked if item.requirement.is_required and not item.is_met]

    @property
    def checked_gaps(self):
        """Checked items, required or preferred, the profile does not meet or does not say: what the candidate may fix."""
        return [item for item in self.checked if not item.is_met]

    @property
    def other_credentials(self):
        """Credential checks not met that no checked requirement covers: reviewers see their flags all the same."""
        covered = {item.requirement.check_kind for item in self.checked}
        if Check.NBCOT_AND_LICENSE in covered:
            covered |= {Check.LICENSE, Check.NBCOT}
        return [result for kind, result in self.credentials.items() if kind not in covered and not result.is_met]

    @functools.cached_property
    def knockouts(self):
        return [item for item in self.required if item.outcome == NOT_MET]

    @functools.cached_property
    def not_known(self):
        return [item for item in self.required if item.outcome == NOT_KNOWN]

    @property
    def hard_knockouts(self):
        """Items the posting marks as hard knockouts that the candidate does not meet: applying is refused."""
        return [item for item in self.items if item.blocks_applying]

    @functools.cached_property
    def band(self):
        if self.knockouts:
            return Application.Band.KNOCKED_OUT
        if self.not_known:
            return Application.Band.TO_CONFIRM
        return Application.Band.QUALIFIED

    @property
    def match_score(self):
        """Points earned / points possible × 100, rounded half up, capped by the band."""
        possible = sum(REQUIRED_POINTS if item.requirement.is_required else PREFERRED_POINTS for item in self.items)
        earned = sum(item.points for item in self.items)
        raw = (200 * earned + possible) // (2 * possible) if possible else 100
        return min(raw, BAND_CAPS[self.band])

    @property
    def reasons(self):
        """The few reasons behind the score, most telling first."""
        lines = [f"Not met: {_item_reason(item)}" for item in self.knockouts[:2]]
        lines += [f"Not known: {_item_reason(item)}" for item in self.not_known[:2]]
        for label, items in (("Required", self.required), ("Preferred", self.preferred)):
            if items:
                lines.append(f"{label}: {sum(item.is_met for item in items)} of {len(items)} met")
        yes = [item for item in self.items if not item.is_checked and item.is_met]
        if yes:
            lines.append(f"Evidence given for {sum(bool(item.evidence) for item in yes)} of {len(yes)} yes answers")
        return lines

    def fields(self):
        """The Application columns the screening fills in."""
        license = self.credentials[Check.LICENSE]
        nbcot, cpr = self.credentials[Check.NBCOT], self.credentials[Check.CPR_BLS]
        profile = self.profile
        return {
            "knockouts": len(self.knockouts),
            "screening_band": self.band,
            "match_score": self.match_score,
            "match_reasons": "\n".join(self.reasons),
            "flag_no_state_license": license.code in NO_LICENSE_CODES,
            "flag_license_not_given": license.outcome == NOT_KNOWN,
            "flag_license_expires_before_start": license.code in LAPSE_CODES,
            "flag_nbcot_not_active": nbcot.outcome == NOT_MET,
            "flag_nbcot_not_given": nbcot.outcome == NOT_KNOWN,
            "flag_cpr_expired": cpr.outcome == NOT_MET,
            "flag_cpr_not_given": cpr.outcome == NOT_KNOWN,
            "flag_experience_below_minimum": self.credentials[Check.EXPERIENCE].outcome == NOT_MET,
            "years_experience": profile.years_experience if profile else 0,
            "years_leadership": profile.years_leadership if profile else 0,
        }


def _item_reason(item):
    return item.reason if item.is_checked else f"answered no to “{item.requirement.text}”"


def screen(*, posting, profile, answers=None, today, compact=None):
    """Screen `profile` (or None) for `posting` on `today`.

    Checked requirements are answered from the profile; the others from
    `answers` ({requirement id: AnswerInput}); one without an answer counts
    as not met. Reads `posting.requirements.all()` and the profile's
    licenses and specialties (prefetch them when screening many).
    """
    answers = answers or {}
    if compact is None and profile is not None and any(lic.is_privilege for lic in profile.licenses.all()):
        compact = compact_states()  # once for all the checks below, not once each
    items = []
    period, done = assignment_period(posting, today), {}
    for requirement in posting.requirements.all():
        if requirement.is_checked:
            result = _check(requirement.check_kind, posting, profile, today, period, requirement, compact, done)
            items.append(ItemResult(requirement, result.outcome, result.reason, result.advice))
        else:
            answer = answers.get(requirement.pk)
            meets = bool(answer and answer.meets)
            items.append(
                ItemResult(requirement, MET if meets else NOT_MET, evidence=(answer.evidence.strip() if answer else ""))
            )
    credentials = {
        kind: _check(kind, posting, profile, today, period, None, compact, done)
        for kind in (Check.LICENSE, Check.NBCOT, Check.CPR_BLS, Check.EXPERIENCE)
    }
    return Screening(items=items, credentials=credentials, profile=profile)


def expired_credentials(profile, today):
    """Warnings for the candidate on saving the profile: each license, privilege or certificate already expired."""
    warnings = [
        f"Your {lic.state} {'compact privilege' if lic.is_privilege else 'license'} expired on {_day(lic.expires_on)}."
        for lic in profile.licenses.all()
        if lic.expires_on < today
    ]
    if profile.nbcot_expires_on and profile.nbcot_expires_on < today:
        warnings.append(f"Your NBCOT certification expired on {_day(profile.nbcot_expires_on)}.")
    if profile.cpr_bls_expires_on and profile.cpr_bls_expires_on < today:
        warnings.append(f"Your CPR/BLS card expired on {_day(profile.cpr_bls_expires_on)}.")
    return warnings
