"""The reports of the hiring workspace (/manage/reports/): each a chart with its table and a CSV.

REPORTS lists them by the slug of their address; each entry says what its period means, since "in the
period" counts applications submitted, hires made or moves made, depending on the report.
"""

import dataclasses

from . import funnel


@dataclasses.dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    summary: str
    period_means: str
    build: object  # a function of valid ReportFilters returning a base.Report


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
    ]
}
