"""The verification audit of hires: a printable page and a CSV of every credential with every check."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

from applications.models import Application, StageChange
from tests.factories import ApplicationFactory, verify, verify_for_hire
from tests.hiring.conftest import page_text
from verification import gate

Stage = Application.Stage


def _hire(application, by):
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
        application.move_to(stage, by=by)
    return application


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_one_hires_csv_lists_every_check_with_who_and_when(client, manager, posting, application):
    verify(application, "nbcot", by=manager, result="discrepancy", expires_on=None, notes="Name differs")
    verify_for_hire(application, by=manager)
    _hire(application, manager)
    client.force_login(manager)

    rows = _csv(client.get(reverse("hiring:verification_audit_csv"), {"application": application.pk}))

    assert rows[0][:6] == ["Candidate", "Email", "Posting", "Reference", "Hired", "Credential"]
    body = rows[1:]
    assert len(body) == 3
    nbcot = [row for row in body if row[5] == "NBCOT certification"]
    assert [row[7] for row in nbcot] == ["Verified active", "Discrepancy"]
    assert [row[16] for row in nbcot] == ["yes", "no"]  # the discrepancy was replaced
    assert all(row[14] == "Morgan Manager" for row in body)


def test_an_override_and_a_credential_never_checked_are_in_the_record(client, admin_user, manager, application):
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER):
        application.move_to(stage, by=manager)
    verify(application, "nbcot", by=manager)
    gate.record_override(application, by=admin_user, reason="Board offline")
    application.move_to(Stage.HIRED, by=manager)
    client.force_login(admin_user)

    rows = _csv(client.get(reverse("hiring:verification_audit_csv"), {"application": application.pk}))
    page = client.get(reverse("hiring:verification_audit"), {"application": application.pk}).content.decode()

    results = [row[7] for row in rows[1:]]
    assert results == ["Verified active", "Not verified", "Hired by override"]
    assert "Board offline" in rows[-1][18]
    assert "override-record" in page and "Never verified" in page


def test_hires_in_a_period_only(client, recruiter, manager, posting):
    recent, old = (_hire(ApplicationFactory(posting=posting), manager) for _ in range(2))
    StageChange.objects.filter(application=old, to_stage=Stage.HIRED).update(
        at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(recruiter)
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()

    page = page_text(client.get(reverse("hiring:verification_audit"), {"hired_from": since}))

    assert recent.candidate.get_full_name() in page and old.candidate.get_full_name() not in page


def test_a_period_ending_before_it_starts_is_refused(client, recruiter):
    client.force_login(recruiter)

    response = client.get(
        reverse("hiring:verification_audit"), {"hired_from": "2026-05-01", "hired_until": "2026-04-01"}
    )

    assert response.status_code == 400 and "This comes before the first day." in page_text(response)


def test_a_manager_of_another_posting_sees_none_of_these_hires(client, manager, other_manager, application):
    _hire(application, manager)
    client.force_login(other_manager)

    page = page_text(client.get(reverse("hiring:verification_audit"), {"application": application.pk}))
    rows = _csv(client.get(reverse("hiring:verification_audit_csv")))

    assert application.candidate.get_full_name() not in page and len(rows) == 1


def test_the_audit_runs_a_fixed_number_of_queries(client, recruiter, manager, posting, django_assert_num_queries):
    client.force_login(recruiter)
    client.get(reverse("hiring:verification_audit"))
    for size in (1, 6):
        for _ in range(size):
            application = ApplicationFactory(posting=posting)
            verify_for_hire(application, by=manager)
            _hire(application, manager)
        # session, user with their groups, a page of hires (no count of them all), requirements, licenses,
        # entries, overrides
        with django_assert_num_queries(7):
            client.get(reverse("hiring:verification_audit"))


def test_the_page_shows_the_hires_a_page_at_a_time_newest_first_and_the_csv_every_one(
    client, manager, posting, monkeypatch
):
    monkeypatch.setattr("hiring.verification_pages.AUDIT_PAGE_SIZE", 2)
    hires = [_hire(ApplicationFactory(posting=posting), manager) for _ in range(5)]
    # Two hired at the same moment: the position tells them apart.
    StageChange.objects.filter(application__in=hires[1:3], to_stage=Application.Stage.HIRED).update(
        at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(manager)
    audit_url = reverse("hiring:verification_audit")

    first = client.get(audit_url)
    second = client.get(audit_url, {"after": first.context["page"].older})
    third = client.get(audit_url, {"after": second.context["page"].older})
    back = client.get(audit_url, {"before": third.context["page"].newer})

    def shown(response):
        return [record.application for record in response.context["records"]]

    newest_first = [StageChange.objects.get(application=a, to_stage=Application.Stage.HIRED) for a in hires]
    newest_first.sort(key=lambda change: (change.at, change.application_id), reverse=True)
    assert shown(first) + shown(second) + shown(third) == [change.application for change in newest_first]
    assert shown(back) == shown(second)
    assert "Older hires" in page_text(first) and not first.context["page"].newer
    assert not third.context["page"].older and third.context["page"].newer
    rows = _csv(client.get(reverse("hiring:verification_audit_csv"), {"after": first.context["page"].older}))
    assert {row[0] for row in rows[1:]} == {application.candidate.get_full_name() for application in hires}


def test_an_edited_page_link_shows_the_first_page(client, manager, posting):
    hired = _hire(ApplicationFactory(posting=posting), manager)
    client.force_login(manager)

    for position in ("2026-13-45~1", "yesterday", "2026-01-01T00:00:00~x", "2026-01-01T00:00:00~5"):
        response = client.get(reverse("hiring:verification_audit"), {"after": position})
        assert response.status_code == 200
        assert hired.candidate.get_full_name() in page_text(response)
