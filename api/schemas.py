"""The shapes the API answers with and accepts: what the OpenAPI document publishes and the contract tests hold it to."""

import datetime

from ninja import Schema
from pydantic import Field


class Salary(Schema):
    min: float | None
    max: float | None
    unit: str = Field(description="hour or year")
    label: str = Field(description='As the board shows it, e.g. "$92,000–$108,000 per year".')


class LevelRef(Schema):
    slug: str
    title: str
    short_title: str


class SettingRef(Schema):
    slug: str
    name: str


class Place(Schema):
    facility_name: str
    city: str
    state: str


class Address(Place):
    street: str
    zip_code: str


class PostingSummary(Schema):
    id: int
    reference: str = Field(description="OT-000123: stable, quoted by aggregators and candidates.")
    title: str
    url: str
    level: LevelRef
    setting: SettingRef
    location: Place | None
    employment_type: str
    work_mode: str = Field(description="on_site, hybrid or telehealth")
    distance_miles: float | None = Field(description="From the place searched around (`near`); null without one.")
    salary: Salary | None = Field(description="Null when the employer keeps the pay internal or gave none.")
    published_at: datetime.datetime | None
    closes_on: datetime.date | None


class PostingPage(Schema):
    count: int = Field(description="Postings matching the filters, on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None
    facets: dict[str, dict[str, int]] = Field(
        description="For each filter, how many postings each value would give with the other filters kept."
    )
    results: list[PostingSummary]


class PostingRequirementOut(Schema):
    text: str
    kind: str
    importance: str = Field(description="required or preferred")


class PostingDetail(PostingSummary):
    status: str
    schedule: str
    openings: int
    start_date: datetime.date | None
    description: str
    address: Address | None
    responsibilities: list[str]
    requirements: list[PostingRequirementOut]


class RoleSummary(Schema):
    slug: str
    title: str
    short_title: str
    rank: int
    min_years_experience: int
    max_years_experience: int | None
    min_years_leadership: int
    url: str


class RoleRequirement(Schema):
    text: str
    kind: str
    importance: str


class RoleDetail(RoleSummary):
    overview: str
    responsibilities: list[str]
    requirements: list[RoleRequirement]


# --- the integrations' side -----------------------------------------------------------------------


class ManagedPosting(PostingDetail):
    close_reason: str
    closed_at: datetime.datetime | None
    hiring_managers: list[str] = Field(description="Their email addresses.")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ManagedPostingPage(Schema):
    next_cursor: str | None
    results: list[ManagedPosting]


class RequirementIn(Schema):
    text: str = Field(max_length=300)
    kind: str = "qualification"
    importance: str = Field("preferred", description="required or preferred")


class PostingIn(Schema):
    """A posting's fields; on update, only those sent change."""

    level: str | None = Field(None, description="The level's slug (GET /api/v1/roles).")
    title: str | None = None
    setting: str | None = Field(None, description="The care setting's slug.")
    location: int | None = Field(None, description="A location id (GET /api/v1/manage/locations).")
    employment_type: str | None = None
    work_mode: str | None = Field(None, description="on_site, hybrid or telehealth")
    schedule: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_unit: str | None = None
    show_salary: bool | None = None
    openings: int | None = None
    start_date: datetime.date | None = None
    closes_on: datetime.date | None = None
    description: str | None = None
    hiring_managers: list[str] | None = Field(None, description="Email addresses of staff accounts.")
    requirements: list[RequirementIn] | None = Field(
        None, description="Requirements added for this opening (drafts only: fixed once published)."
    )


class PostingCreateIn(PostingIn):
    level: str = Field(description="The level's slug (GET /api/v1/roles).")
    setting: str = Field(description="The care setting's slug.")
    description: str


class CloseIn(Schema):
    reason: str = Field(description="filled or cancelled")


class LocationOut(Address):
    id: int


class Candidate(Schema):
    name: str
    email: str
    phone: str
    city: str
    state: str


class Flag(Schema):
    key: str
    label: str


class ApplicationSummary(Schema):
    id: int
    posting_id: int
    stage: str
    stage_changed_at: datetime.datetime
    submitted_at: datetime.datetime
    source: str
    candidate: Candidate
    match_score: int
    knockouts: int
    flags: list[Flag]
    years_experience: int
    years_leadership: int


class ApplicationPage(Schema):
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")
    results: list[ApplicationSummary]


class AnswerOut(Schema):
    requirement: str
    importance: str
    meets: bool
    evidence: str


class HistoryEntry(Schema):
    from_stage: str
    to_stage: str
    at: datetime.datetime
    by: str | None
    reason: str


class ApplicationDetail(ApplicationSummary):
    cover_letter: str
    resume_name: str
    answers: list[AnswerOut]
    history: list[HistoryEntry]


class MoveIn(Schema):
    stage: str
    expected_stage: str = Field(description="The stage you last saw: a move made on stale data is refused (409).")
    reason: str = Field("", max_length=500, description="Kept in the stage history; required for a rejection.")
    email: str = Field("usual", description="usual, now or none: the candidate's email for this move.")
    on_behalf_of: str | None = Field(
        None, description="Email of the reviewer the move is recorded for; they must be able to review it."
    )


class MoveOut(Schema):
    id: int
    stage: str
    stage_changed_at: datetime.datetime
    change: HistoryEntry
