"""Sources: applicants, interviews and hires by the form's source and by the link's utm_source."""

import datetime

from django.urls import reverse
from django.utils import timezone

from applications.models import Application, refresh_report_rows
from hiring.interview_models import Interview
from tests.hiring.reports_data import FORWARD, furthest, make_history

Stage = Application.Stage


def _sections(client, **params):
    response = client.get(reverse("hiring:report", args=["sources"]), params)
    assert response.status_code == 200
    return response.context["report"].sections


def _raw(applications, key):
    counts = {}
    for application in Application.objects.filter(pk__in=[a.pk for a in applications]):
        row = counts.setdefault(key(application), [0, 0, 0, 0])
        row[0] += 1
        row[1] += furthest(application) >= FORWARD.index(Stage.INTERVIEW)
        row[2] += Interview.objects.filter(application=application).exclude(status=Interview.Status.CANCELLED).count()
        row[3] += application.stage == Stage.HIRED
    return counts


def test_sources_equal_the_raw_counts(client, recruiter, manager, posting, other_posting):
    kept = make_history([posting, other_posting], manager, n=40)
    for number, application in enumerate(kept):
        Application.objects.filter(pk=application.pk).update(utm_source=["indeed", "linkedin", ""][number % 3])
        refresh_report_rows([application.pk])  # written straight into the table, as a repair: its rows follow
        # Interviews booked: none, one, two (one of them cancelled), three
        for status in [[], ["scheduled"], ["scheduled", "cancelled"], ["proposed", "scheduled", "scheduled"]][
            number % 4
        ]:
            start = timezone.now() + datetime.timedelta(days=3)
            Interview.objects.create(
                application=application,
                status=status,
                created_by=manager,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
            )
    client.force_login(recruiter)

    by_form, by_link = _sections(client)

    labels = dict(Application.Source.choices)
    raw_form = _raw(kept, lambda a: labels[a.source])
    assert {row[0]: row[1:5] for row in by_form.table.rows if row[1]} == raw_form
    assert len(by_form.table.rows) == len(labels)  # sources nobody chose show as 0
    raw_link = _raw(kept, lambda a: a.utm_source or "(none: came to the site directly)")
    assert {row[0]: row[1:5] for row in by_link.table.rows} == raw_link
