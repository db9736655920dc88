"""The workspace's front page: the postings a reviewer works on, a page at a time, with their applicant counts."""

import functools

from django.db import models
from django.db.models import Count, Q

from applications.models import Application, StageCounts
from postings.models import JobPosting

from .models import PostingVisit

Stage = Application.Stage

PAGE_SIZE = 30

# The dashboard lists live postings first, then closed ones, then drafts; newest first within each.
DASHBOARD_STATUS_ORDER = (JobPosting.Status.PUBLISHED, JobPosting.Status.CLOSED, JobPosting.Status.DRAFT)
DASHBOARD_ORDER_WITHIN_STATUS = ("-published_at", "-pk")


class DashboardPostings:
    """The postings `user` reviews, in dashboard order, as a sliceable list for Paginator.

    A recruiter sees 50,000 postings and a busy manager thousands: one ORDER BY
    over a CASE on status would sort all of them for every page. Instead each
    status is its own segment, read in the order of the (status, published_at)
    index, and a page takes just the rows it needs from the segments it spans.
    `count()` adds up per-status counts, read only once.
    """

    ordered = True  # Paginator warns about unordered lists; this one is.

    def __init__(self, user):
        self.user = user
        self.queryset = JobPosting.objects.managed_by(user)

    @functools.cached_property
    def status_counts(self):
        """{status: number of postings}. Two small queries, however many postings there are.

        Drafts and live postings are few and come from the status index; closed
        postings are the bulk, so they are the total less the others, and the
        total of a manager's postings is counted in the assignment table alone.
        """
        if self.user.sees_every_posting:
            total = JobPosting.objects.count()
        else:
            total = JobPosting.hiring_managers.through.objects.filter(user=self.user).count()
        counts = dict(
            self.queryset.filter(status__in=[JobPosting.Status.PUBLISHED, JobPosting.Status.DRAFT])
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        counts[JobPosting.Status.CLOSED] = total - sum(counts.values())
        return counts

    def count(self):
        return sum(self.status_counts.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("DashboardPostings only supports slicing.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        wanted, offset = Q(), 0
        for status in DASHBOARD_STATUS_ORDER:
            size = self.status_counts.get(status, 0)
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                segment = self.queryset.filter(status=status).order_by(*DASHBOARD_ORDER_WITHIN_STATUS)[low:high]
                wanted |= Q(pk__in=segment.values("pk"))
            offset += size
        if not wanted:
            return []
        status_order = models.Case(
            *(models.When(status=status, then=rank) for rank, status in enumerate(DASHBOARD_STATUS_ORDER)),
            output_field=models.IntegerField(),
        )
        return list(
            JobPosting.objects.filter(wanted)
            .select_related("level", "location")
            .annotate(last_seen=PostingVisit.objects.last_seen(self.user), status_order=status_order)
            .order_by("status_order", *DASHBOARD_ORDER_WITHIN_STATUS)
        )


def attach_dashboard_counts(postings):
    """Give each posting `stage_counts`, `total`, `open_count` and `new_count`, in one query.

    `postings` come from DashboardPostings (with `last_seen`, when the person
    last opened that pipeline). New means submitted after that visit; before the
    first visit every applicant is new. The counts read the (posting, stage,
    submitted_at) index of only the postings on the page.
    """
    postings = list(postings)
    is_new = Q()
    for posting in postings:
        if posting.last_seen is None:
            is_new |= Q(posting=posting.pk)
        else:
            is_new |= Q(posting=posting.pk, submitted_at__gt=posting.last_seen)
    counts, new = {}, {}
    if postings:
        rows = (
            Application.objects.filter(posting__in=[posting.pk for posting in postings])
            .values("posting", "stage")
            .annotate(n=Count("pk"), new=Count("pk", filter=is_new))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["posting"], {})[row["stage"]] = row["n"]
            new[row["posting"]] = new.get(row["posting"], 0) + row["new"]
    for posting in postings:
        posting.stage_counts = StageCounts(counts.get(posting.pk, {}))
        posting.total = posting.stage_counts.total
        posting.open_count = posting.stage_counts.open
        posting.new_count = new.get(posting.pk, 0)
        posting.stage_cells = [(stage, posting.stage_counts.get(stage, 0)) for stage in Stage]
    return postings


UPCOMING_INTERVIEWS = 10


def upcoming_interviews(user):
    """The next interviews `user` gives, soonest first: one query, with the candidate and the posting's location."""
    from .interview_models import Interview

    return list(Interview.objects.upcoming().given_by(user).for_dashboard()[:UPCOMING_INTERVIEWS])
