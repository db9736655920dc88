"""The reports of the hiring workspace (/manage/reports/): each a chart with its table and a CSV.

REPORTS lists them by the slug of their address; each entry says what its period means, since "in the
period" counts applications submitted, hires made or moves made, depending on the report.
"""

import dataclasses

from . import credentials, funnel, openings, reasons, sources, timing


@dataclasses.dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    summary: str
    period_means: str
    build: object  # a function of valid ReportFilters returning a base.Report
    extra_fields: tuple = ()  # filters of this report alone (ReportFilters.EXTRA_FIELDS)


REPORTS = {
    kind.slug: kind
    for kind in [
        ReportKind(
            "funnel",
            "Funnel and pass-through",
            "Applicants reaching each stage, and the share passing from one stage to the next.",
            "Applicants who applied in the period, followed to wherever they are now.",
            funnel.funnel,
        ),
        ReportKind(
            "time-to-fill",
            "Time to fill and time to hire",
            "Median and 90th percentile days from publishing to the last opening filled, and from application to "
            "hire, by month.",
            "Hires made in the period, and postings whose last opening was filled in it.",
            timing.time_to_fill_and_hire,
        ),
        ReportKind(
            "time-in-stage",
            "Time in stage",
            "Median days spent in each stage, and the open applications waiting longest in one.",
            "Stays that ended in the period; the waiting list is today's.",
            timing.time_in_stage,
            extra_fields=("stuck",),
        ),
        ReportKind(
            "sources",
            "Sources",
            "Applicants, interviews and hires by where they heard of the opening: the form's answer and the link's "
            "utm_source.",
            "Applicants who applied in the period, followed to wherever they are now.",
            sources.sources,
        ),
        ReportKind(
            "reasons",
            "Rejection and decline reasons",
            "Rejections by the listed reason and the stage rejected from, and declined offers by the candidate's "
            "reason.",
            "Rejections made and offers declined in the period (an undone rejection does not count).",
            reasons.rejection_and_decline_reasons,
        ),
        ReportKind(
            "credentials",
            "Credential readiness",
            "The share of applicants meeting each required check (licence for the state, NBCOT, CPR/BLS, "
            "experience), by state and level: where the candidate supply lacks licences.",
            "Applicants who applied in the period, as their profile stood on the day they applied.",
            credentials.credential_readiness,
        ),
        ReportKind(
            "openings",
            "Openings",
            "Open postings by level, setting and state: days open, applicants per opening, and those with no "
            "applicant in the last 7 days.",
            "Today's open postings, whatever the period.",
            openings.openings,
        ),
    ]
}
