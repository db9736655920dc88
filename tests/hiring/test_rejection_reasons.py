"""Rejection reasons: a list admins edit, stored with each rejection for the reports, each with its email."""

import pytest
from django.core import mail
from django.db.models import Count
from django.urls import reverse

from applications.models import Application, OutgoingEmail, StageChange
from hiring import moves
from hiring.models import EmailTemplate, Rejection, RejectionReason
from tests.factories import ApplicationFactory
from tests.hiring.conftest import listed_reason, page_text

Stage = Application.Stage


def _reject(client, application, *, listed="", reason="", email="usual"):
    return client.post(
        reverse("hiring:move", args=[application.pk]),
        {
            "stage": Stage.REJECTED,
            "expected_stage": application.stage,
            "rejection_reason": listed,
            "reason": reason,
            "email": email,
        },
    )


@pytest.fixture
def no_license_email(db):
    """Another version of the rejection email, chosen by the "no license" reason."""
    template = EmailTemplate.objects.create(
        kind=EmailTemplate.Kind.REJECTION,
        name="No license for the state",
        subject="About your application for {{ posting_title }}",
        body="Dear {{ candidate_name }}, this job needs a license in its state.",
        delay_hours=48,
    )
    RejectionReason.objects.filter(slug="no_license").update(email_template=template)
    return template


def test_the_move_form_offers_the_listed_reasons_in_the_admins_order(client, manager, application):
    RejectionReason.objects.filter(slug="withdrew_interest").update(is_active=False)
    client.force_login(manager)

    form = client.get(reverse("hiring:applicant", args=[application.pk])).context["move_form"]

    labels = [label for value, label in form.fields["rejection_reason"].choices if value]
    assert labels[0] == "No license for the posting's state"
    assert "Position filled" in labels and "Withdrew interest" not in labels


def test_a_rejection_needs_a_listed_reason_and_keeps_what_was_typed(client, manager, application):
    client.force_login(manager)

    response = _reject(client, application, reason="Only has a California license")

    assert response.status_code == 400
    assert "Choose why the application is rejected." in page_text(response)
    assert "Only has a California license" in page_text(response)
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED


def test_the_reason_is_stored_with_the_rejection_and_written_into_the_history(client, manager, application):
    client.force_login(manager)

    _reject(client, application, listed=listed_reason("no_license"), reason="Only California")

    change = StageChange.objects.get(application=application)
    assert change.rejection.reason.slug == "no_license"
    assert change.reason == "No license for the posting's state: Only California"
    assert "No license for the posting&#x27;s state: Only California" in page_text(
        client.get(reverse("hiring:applicant", args=[application.pk]))
    )


def test_a_reason_sends_its_own_rejection_email(
    client, manager, application, no_license_email, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _reject(client, application, listed=listed_reason("no_license"), email="now")

    assert [message.body for message in mail.outbox] == ["Dear Casey Candidate, this job needs a license in its state."]


def test_a_reason_without_its_own_email_sends_the_standard_one(client, manager, application):
    client.force_login(manager)

    _reject(client, application, listed=listed_reason("experience"))

    email = OutgoingEmail.objects.get(application=application)
    assert email.subject == EmailTemplate.objects.standard("rejection").subject.replace(
        "{{ posting_title }}", application.posting.display_title
    )


def test_reports_count_rejections_by_reason_and_by_the_stage_they_came_from(manager, posting):
    first, second, third = ApplicationFactory.create_batch(3, posting=posting)
    second.move_to(Stage.SCREENING, by=manager)
    no_license = RejectionReason.objects.get(slug="no_license")
    for application in (first, second):
        moves.move(application, Stage.REJECTED, by=manager, rejection_reason=no_license, email="none")
    moves.move(third, Stage.REJECTED, by=manager, rejection_reason=RejectionReason.objects.get(slug="experience"))

    counts = (
        Rejection.objects.values("reason__slug", "change__from_stage")
        .annotate(n=Count("pk"))
        .order_by("reason__slug", "change__from_stage")
    )

    assert [(row["reason__slug"], row["change__from_stage"], row["n"]) for row in counts] == [
        ("experience", "submitted", 1),
        ("no_license", "screening", 1),
        ("no_license", "submitted", 1),
    ]


def test_closing_a_filled_posting_records_position_filled(manager, posting):
    hired, still_open = ApplicationFactory.create_batch(2, posting=posting)
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
        hired.move_to(stage, by=manager)

    moves.fill_posting(posting, by=manager, notify_open=True)

    assert Rejection.objects.get().change.application == still_open
    assert Rejection.objects.get().reason.slug == "position_filled"


def test_bulk_rejection_records_the_reason_of_each(client, manager, posting, make_applicants):
    applicants = make_applicants(posting, 3)
    client.force_login(manager)

    client.post(
        reverse("hiring:bulk_move", args=[posting.pk]),
        {
            "selected": [f"{app.pk}:{app.stage}" for app in applicants],
            "stage": Stage.REJECTED,
            "rejection_reason": listed_reason("better_fit"),
            "email": "none",
        },
    )

    assert Rejection.objects.filter(reason__slug="better_fit").count() == 3


def test_the_api_may_still_reject_with_a_written_reason_alone(manager, application):
    from hiring.forms import MoveForm

    data = {"stage": "rejected", "expected_stage": "submitted", "reason": "Not a fit", "email": "none"}

    assert MoveForm(data, application=application, listed_reason_required=False).is_valid()
    assert not MoveForm(data, application=application).is_valid()


# --- The back office -------------------------------------------------------------------------------


def test_admins_add_a_reason_with_its_email_and_retire_one_instead_of_deleting_it(
    client, admin_user, application, manager, no_license_email
):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:hiring_rejectionreason_add"),
        {"label": "Schedule does not fit", "slug": "schedule", "email_template": no_license_email.pk, "position": 5},
    )

    assert response.status_code == 302
    assert RejectionReason.objects.get(slug="schedule").email_template == no_license_email
    used = RejectionReason.objects.get(slug="no_license")
    moves.move(application, Stage.REJECTED, by=manager, rejection_reason=used, email="none")
    assert client.get(reverse("admin:hiring_rejectionreason_delete", args=[used.pk])).status_code == 403


def test_admins_add_another_rejection_email_but_never_a_second_standard_one(client, admin_user):
    client.force_login(admin_user)
    add = reverse("admin:hiring_emailtemplate_add")
    text = {"subject": "About {{ posting_title }}", "body": "Dear {{ candidate_name }}", "delay_hours": 48}

    named = client.post(add, {"kind": "rejection", "name": "Position filled", **text})
    second_standard = client.post(add, {"kind": "rejection", "name": "", **text})
    named_interview = client.post(add, {"kind": "interview", "name": "Panel", **text})

    assert named.status_code == 302
    assert second_standard.status_code == 200 and EmailTemplate.objects.filter(kind="rejection", name="").count() == 1
    assert "Only rejection emails come in several versions." in named_interview.content.decode()
    standard = EmailTemplate.objects.standard("rejection")
    assert client.get(reverse("admin:hiring_emailtemplate_delete", args=[standard.pk])).status_code == 403


# --- Previewing an email with a real application -----------------------------------------------------


def test_a_reviewer_previews_an_email_as_this_applicant_would_read_it(client, manager, application, no_license_email):
    client.force_login(manager)

    response = client.get(reverse("hiring:email_preview", args=[application.pk]), {"template": no_license_email.pk})

    page = page_text(response)
    assert response.status_code == 200
    assert f"About your application for {application.posting.display_title}" in page
    assert "Dear Casey Candidate, this job needs a license in its state." in page
    assert "48 hours after the move" in page
    assert not OutgoingEmail.objects.exists()  # nothing is sent


def test_the_preview_opens_on_the_standard_rejection_and_says_when_a_text_is_broken(client, manager, application):
    client.force_login(manager)
    standard = EmailTemplate.objects.standard("rejection")

    assert client.get(reverse("hiring:email_preview", args=[application.pk])).context["template"] == standard

    EmailTemplate.objects.filter(pk=standard.pk).update(body="{% if %}")
    broken = client.get(reverse("hiring:email_preview", args=[application.pk]))
    assert broken.status_code == 200 and "does not work, so it would not be sent" in page_text(broken)


def test_the_admin_links_each_email_to_its_preview_with_the_newest_application(client, admin_user, application):
    client.force_login(admin_user)
    standard = EmailTemplate.objects.standard("interview")

    page = client.get(reverse("admin:hiring_emailtemplate_change", args=[standard.pk])).content.decode()

    assert f"{reverse('hiring:email_preview', args=[application.pk])}?template={standard.pk}" in page


def test_the_reasons_listed_on_the_pages_follow_the_admin_at_once_though_cached(
    client, admin_user, manager, posting, application, django_assert_num_queries
):
    pipeline = reverse("hiring:pipeline", args=[posting.pk])
    applicant = reverse("hiring:applicant", args=[application.pk])
    client.force_login(manager)
    client.get(pipeline)
    with django_assert_num_queries(7):  # read once, then from the cache (tests/hiring/test_pipeline.py)
        client.get(pipeline)

    added = RejectionReason.objects.create(label="Schedule does not fit", slug="schedule", position=1)
    assert "Schedule does not fit" in page_text(client.get(pipeline))
    assert "Schedule does not fit" in page_text(client.get(applicant))
    added.is_active = False
    added.save()
    assert "Schedule does not fit" not in page_text(client.get(pipeline))
    added.delete()
    experience = RejectionReason.objects.get(slug="experience")
    experience.label = "Too little experience for this level"
    experience.save()
    assert "Too little experience for this level" in page_text(client.get(applicant))


def test_a_reason_retired_after_the_page_was_shown_is_refused_with_a_message(client, manager, application):
    client.force_login(manager)
    client.get(reverse("hiring:applicant", args=[application.pk]))
    retired = RejectionReason.objects.get(slug="experience")
    RejectionReason.objects.filter(pk=retired.pk).update(is_active=False)  # no signal: the cached list is stale

    response = _reject(client, application, listed=retired.pk)

    assert "Choose a reason from the list." in page_text(response)
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED


def test_migrating_forgets_the_cached_reasons(db):
    from django.core.cache import cache
    from django.core.management import call_command

    from hiring.models import RejectionReasonQuerySet

    cache.set(RejectionReasonQuerySet.OFFERED_CACHE_KEY, [(0, "Stale")])
    assert RejectionReason.objects.offered_choices() == [(0, "Stale")]

    call_command("migrate", "hiring", verbosity=0)  # nothing to apply; post_migrate is sent all the same

    assert (0, "Stale") not in RejectionReason.objects.offered_choices()
