import io

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from applications.models import (
    Answer,
    Application,
    ApplicationReportRow,
    CandidateProfile,
    Outcome,
    StageChange,
    StageStay,
    StateLicense,
)
from applications.screening import AnswerInput, screen
from hiring.models import Interview, Note, Offer, Scorecard
from postings.models import CareSetting, JobPosting, PostingRequirement
from postings.pay_transparency import missing_pay_range
from roles.models import RoleLevel
from verification.credentials import required_credentials


def test_demo_covers_every_level_setting_and_many_states(catalog):
    call_command("seed_demo")

    postings = JobPosting.objects.all()
    assert postings.count() >= 40
    assert set(postings.values_list("level", flat=True)) == set(RoleLevel.objects.values_list("pk", flat=True))
    assert set(postings.values_list("setting", flat=True)) == set(CareSetting.objects.values_list("pk", flat=True))
    assert postings.values("location__state").distinct().count() >= 10
    assert postings.filter(status="draft").exists() and postings.filter(status="closed").exists()
    assert not JobPosting.objects.open().filter(applications__isnull=True).exists()


def test_demo_sign_ins_work_and_each_person_has_something_to_see(catalog, client):
    call_command("seed_demo")

    for email in ["admin@example.com", "recruiter@example.com", "manager@example.com", "candidate@example.com"]:
        assert client.login(username=email, password="ot-demo-2026"), email
    candidate = User.objects.get(email="candidate@example.com")
    assert len(set(candidate.applications.values_list("stage", flat=True))) >= 4
    manager = User.objects.get(email="manager@example.com")
    stages = set(Application.objects.filter(posting__hiring_managers=manager).values_list("stage", flat=True))
    assert stages == set(Application.Stage.values)
    assert Note.objects.exists() and Scorecard.objects.exists()
    assert User.objects.get(email="recruiter@example.com").is_recruiter


def test_every_demo_account_has_confirmed_its_address(catalog):
    call_command("seed_demo")

    assert not User.objects.filter(email_verified_at__isnull=True).exists()


def test_history_matches_each_applications_stage(catalog):
    call_command("seed_demo")

    for application in Application.objects.exclude(stage="submitted").prefetch_related("history")[:50]:
        assert application.history.all()[len(application.history.all()) - 1].to_stage == application.stage


def test_the_bulk_build_writes_the_reports_rows_a_rebuild_would(catalog):
    call_command("seed_demo", "--postings", "30", "--open", "10", "--candidates", "40", "--applications", "90")
    written = _report_rows()

    call_command("rebuild_report_rows", stdout=io.StringIO())

    assert len(written[0]) == Application.objects.count() == 90
    assert written[1] and written == _report_rows()


def _report_rows():
    return (
        list(ApplicationReportRow.objects.order_by("pk").values_list()),
        list(StageStay.objects.order_by("pk").values_list()),
    )


def test_running_the_demo_twice_adds_nothing(catalog):
    call_command("seed_demo")
    counts = (JobPosting.objects.count(), Application.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (JobPosting.objects.count(), Application.objects.count(), User.objects.count()) == counts


def test_bulk_mode_builds_postings_candidates_and_a_big_pipeline(catalog):
    call_command(
        "seed_demo",
        "--postings",
        "60",
        "--open",
        "10",
        "--candidates",
        "40",
        "--applications",
        "120",
        "--big-posting",
        "25",
    )

    assert JobPosting.objects.count() == 60
    assert JobPosting.objects.open().count() == 10
    assert User.objects.filter(email__endswith="@bulk.example.org").count() == 40
    assert Application.objects.count() == 120
    busiest = JobPosting.objects.open().order_by("pk").first()
    assert busiest.applications.count() == 25
    assert busiest.applications.first().answers.count() == busiest.requirements.count() > 0
    published = JobPosting.objects.exclude(status="draft")
    assert not published.filter(requirements__isnull=True).exists()
    assert PostingRequirement.objects.filter(posting__status="draft").count() == 0
    assert StageChange.objects.exists()
    bulk = CandidateProfile.objects.filter(user__email__endswith="@bulk.example.org")
    assert bulk.filter(specialties__isnull=False).distinct().count() > 10
    travellers = bulk.annotate(states=Count("licenses__state", distinct=True)).filter(states__gt=1)
    assert travellers.exists()
    # Everyone moved to interview had one, everyone moved to offer got one: accepted by those hired.
    interviewed = set(StageChange.objects.filter(to_stage="interview").values_list("application", flat=True))
    offered = set(StageChange.objects.filter(to_stage="offer").values_list("application", flat=True))
    assert interviewed and sorted(Interview.objects.values_list("application", flat=True)) == sorted(interviewed)
    assert sorted(Offer.objects.values_list("application", flat=True)) == sorted(offered)
    hired = Offer.objects.filter(application__stage="hired")
    assert hired.exists() and set(hired.values_list("status", flat=True)) == {"accepted"}
    # And each required credential of every hire was verified active before the hire, as the gate asks.
    for application in Application.objects.filter(stage="hired"):
        entries = list(application.verifications.filter(result="verified"))
        required = required_credentials(application)
        assert required and all(any(item.satisfied_by(entry) for entry in entries) for item in required)


def _screened_with_their_answers(applications):
    """(what each application stores, what screen() gives for its stored answers on the day it was submitted)."""
    for application in applications.select_related(
        "posting__level", "posting__location", "candidate__profile"
    ).prefetch_related(
        "answers", "posting__requirements", "candidate__profile__licenses", "candidate__profile__specialties"
    ):
        stored = {answer.requirement_id: answer for answer in application.answers.all()}
        assert stored.keys() == {item.pk for item in application.posting.requirements.all()}, application
        expected = screen(
            posting=application.posting,
            profile=application.candidate.profile,
            answers={pk: AnswerInput(pk, answer.meets, answer.evidence) for pk, answer in stored.items()},
            today=timezone.localtime(application.submitted_at).date(),
        ).fields()
        yield {field: getattr(application, field) for field in expected}, expected


def test_every_demo_application_stores_what_the_products_screening_gives(catalog):
    call_command("seed_demo")

    pairs = list(_screened_with_their_answers(Application.objects.all()))

    assert len(pairs) == Application.objects.count() > 100
    for stored, expected in pairs:
        assert stored == expected
    # Not a vacuous match: the demo shows reviewers knockouts, flags and partial scores.
    assert any(stored["knockouts"] for stored, _ in pairs)
    assert any(stored["flag_no_state_license"] for stored, _ in pairs)
    assert any(stored["flag_cpr_expired"] for stored, _ in pairs)
    assert any(0 < stored["match_score"] < 100 for stored, _ in pairs)


def test_bulk_applications_with_answers_store_what_the_products_screening_gives(catalog):
    call_command(
        "seed_demo",
        "--postings",
        "30",
        "--open",
        "5",
        "--candidates",
        "40",
        "--applications",
        "80",
        "--big-posting",
        "30",
    )

    busiest = JobPosting.objects.open().order_by("pk").first()
    pairs = list(_screened_with_their_answers(busiest.applications.all()))

    assert len(pairs) == 30
    for stored, expected in pairs:
        assert stored == expected


def test_demo_staff_sign_in_with_the_printed_authenticator_key(catalog, client, settings):
    import base64

    from django_otp.oath import TOTP

    from demo.data import DEMO_TOTP_SECRET

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    call_command("seed_demo")
    code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"

    client.post("/account/sign-in/", {"username": "manager@example.com", "password": "ot-demo-2026"})
    response = client.post("/account/sign-in/code/", {"code": code})

    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200


def test_the_demo_shows_every_screening_outcome(catalog):
    call_command("seed_demo")

    answers = Answer.objects.filter(requirement__check_kind__gt="")
    assert set(answers.values_list("outcome", flat=True)) == set(Outcome.values)
    reasons = "\n".join(answers.exclude(outcome=Outcome.MET).values_list("reason", flat=True))
    for shown in ("expired", "during the assignment", "compact privilege", "No license for", "NBCOT status not given"):
        assert shown in reasons, shown
    applications = Application.objects.all()
    assert applications.filter(flag_cpr_not_given=True).exists() and applications.filter(flag_cpr_expired=True).exists()
    assert applications.filter(flag_nbcot_not_given=True).exists()
    assert StateLicense.objects.filter(kind=StateLicense.Kind.PRIVILEGE).count() > 1
    assert JobPosting.objects.filter(employment_type="travel", assignment_weeks=13).exists()


def test_the_demo_pipeline_sorted_by_score_puts_qualified_applicants_first(catalog):
    call_command("seed_demo")
    travel = JobPosting.objects.get(title="Travel Occupational Therapist — 13 weeks")

    ranked = list(travel.applications.in_pipeline(sort="score").select_related("candidate"))

    assert [application.candidate.full_name for application in ranked[:3]] == [
        "Jordan Ellis",
        "Riley Chen",
        "Sam Ortiz",
    ]
    assert [application.screening_band for application in ranked] == sorted(
        (application.screening_band for application in ranked), reverse=True
    )
    assert ranked[0].screening_band == Application.Band.QUALIFIED and ranked[0].match_score == 100
    assert ranked[1].match_score < 100  # CPR/BLS lapses mid-assignment: a preferred item, the score says so
    assert ranked[2].screening_band == Application.Band.TO_CONFIRM  # NBCOT not given is not "not active"
    knocked_out = {application.candidate.full_name: application for application in ranked[3:]}
    assert set(knocked_out) == {"Priya Shah", "Taylor Brooks", "Morgan Lee", "Alex Kim"}
    assert all(application.screening_band == Application.Band.KNOCKED_OUT for application in knocked_out.values())
    assert "compact issues no privileges yet" in knocked_out["Priya Shah"].match_reasons
    assert "during the assignment" in knocked_out["Morgan Lee"].match_reasons
    # In every demo pipeline, whoever meets every required item comes before anyone who does not.
    for posting in JobPosting.objects.open():
        bands = list(posting.applications.in_pipeline(sort="score").values_list("screening_band", flat=True))
        assert bands == sorted(bands, reverse=True), posting


def test_demo_postings_show_pay_wherever_a_law_asks_for_a_range(catalog):
    call_command("seed_demo")

    for posting in JobPosting.objects.public().select_related("location"):
        assert not missing_pay_range(posting, posting.today()), posting
    assert JobPosting.objects.public().filter(show_salary=False).exists()  # where no law asks, some still hide it


def test_the_demo_manager_has_saved_views_that_filter_their_pipelines(catalog, client):
    from django.urls import reverse

    from hiring.models import SavedView

    call_command("seed_demo")
    manager = User.objects.get(email="manager@example.com")
    texas = SavedView.objects.get(owner=manager, name__startswith="Texas license")
    posting = JobPosting.objects.filter(hiring_managers=manager, status="published").first()
    client.force_login(manager)

    response = client.get(reverse("hiring:pipeline", args=[posting.pk]) + "?" + texas.query)

    assert [view.name for view in response.context["saved_views"]] == [
        "A required item not met",
        "Texas license, 2+ years, not yet screened",
    ]
    today = timezone.localdate()
    for application in response.context["page_obj"].object_list:
        assert application.stage == Application.Stage.SUBMITTED and application.years_experience >= 2
        assert StateLicense.objects.filter(
            profile__user=application.candidate, state="TX", expires_on__gte=today
        ).exists()


def test_the_demo_has_interviews_and_offers_in_every_state_on_the_managers_postings(catalog, client):
    from io import StringIO
    from urllib.parse import urlsplit

    from hiring import kits
    from hiring.models import Interview, InterviewScorecard, Offer

    out = StringIO()
    call_command("seed_demo", stdout=out)

    manager = User.objects.get(email="manager@example.com")
    mine = Application.objects.filter(posting__hiring_managers=manager)
    assert set(Interview.objects.filter(application__in=mine).values_list("status", flat=True)) == set(
        Interview.Status.values
    )
    held = Interview.objects.scheduled().filter(ends_at__lt=timezone.now())
    assert InterviewScorecard.objects.filter(interview__in=held).count() >= 5
    assert Interview.objects.upcoming().given_by(manager).exists()
    assert {"draft", "pending_approval", "sent", "accepted", "declined"} <= set(
        Offer.objects.filter(application__in=mine).values_list("status", flat=True)
    )
    # One held interview the recruiter has scored and Morgan not yet: Morgan sees it kept back.
    kept_back = [
        interview
        for interview in held.given_by(manager)
        if any(not card.is_visible for card in kits.scorecards_for(interview, manager)[1])
    ]
    assert kept_back
    # Casey's links, printed for the emails the demo does not send, open Casey's interview and offer.
    links = [line.split(": ", 1)[1] for line in out.getvalue().splitlines() if "/account/" in line]
    assert len(links) == 2
    client.force_login(User.objects.get(email="candidate@example.com"))
    for link in links:
        assert client.get(urlsplit(link).path).status_code == 200
