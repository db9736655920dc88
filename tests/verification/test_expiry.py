"""Expiry monitoring: the 90-, 30- and 7-day notices, each sent once, to the candidate and the hiring team."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, OutgoingEmail
from tests.factories import ApplicationFactory, CandidateFactory
from verification.expiry import expiring, send_expiry_notices
from verification.models import ExpiryNotice

TODAY = timezone.localdate()
LIST_URL = "http://testserver/manage/credentials/expiring/"
FAR = TODAY + datetime.timedelta(days=900)


def _candidate_expiring(days):
    """A candidate whose Texas license expires in `days` days (NBCOT and CPR far off)."""
    return CandidateFactory(
        profile__licenses=[("TX", "OT-TX-1", TODAY + datetime.timedelta(days=days))],
        profile__nbcot_expires_on=FAR,
        profile__cpr_bls_expires_on=FAR,
    )


def _run(day):
    return send_expiry_notices(day, list_url=LIST_URL)


def _emails(kind):
    return list(OutgoingEmail.objects.filter(kind=kind).order_by("pk"))


def test_each_threshold_sends_once_to_the_candidate_and_the_team(posting, manager):
    candidate = _candidate_expiring(80)
    ApplicationFactory(posting=posting, candidate=candidate)

    told = [_run(TODAY + datetime.timedelta(days=offset)) for offset in (0, 1, 50, 51, 73, 74)]

    assert told == [1, 0, 1, 0, 1, 0]
    assert sorted(ExpiryNotice.objects.values_list("threshold", flat=True)) == [7, 30, 90]
    to_candidate = _emails(OutgoingEmail.Kind.CREDENTIAL_EXPIRY)
    assert [email.subject for email in to_candidate] == [
        "Your TX OT license expires in 80 days",
        "Your TX OT license expires in 30 days",
        "Your TX OT license expires in 7 days",
    ]
    assert to_candidate[0].recipients == [candidate.email] and "/account/profile/" in to_candidate[0].body
    to_team = _emails(OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE)
    assert len(to_team) == 3 and to_team[0].recipients == [manager.email] and LIST_URL in to_team[0].body


def test_a_credential_first_seen_at_25_days_gets_the_30_day_notice_only(posting):
    ApplicationFactory(posting=posting, candidate=_candidate_expiring(25))

    _run(TODAY)

    assert list(ExpiryNotice.objects.values_list("threshold", flat=True)) == [30]


def test_nbcot_cpr_and_privileges_are_watched_too(posting):
    candidate = CandidateFactory(
        profile__licenses=[("TX", "OT-TX-2", FAR)],
        profile__nbcot_expires_on=TODAY + datetime.timedelta(days=6),
        profile__cpr_bls_expires_on=TODAY + datetime.timedelta(days=60),
    )
    profile = candidate.profile
    profile.licenses.create(state="CO", kind="privilege", number="CP-9", expires_on=TODAY + datetime.timedelta(days=90))
    ApplicationFactory(posting=posting, candidate=candidate)

    _run(TODAY)

    assert sorted(ExpiryNotice.objects.values_list("credential", "state", "threshold")) == [
        ("cpr_bls", "", 90),
        ("nbcot", "", 7),
        ("privilege", "CO", 90),
    ]


@pytest.mark.parametrize("stage", [Application.Stage.REJECTED, Application.Stage.WITHDRAWN])
def test_people_no_longer_in_the_running_are_not_watched(posting, manager, stage):
    application = ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))
    Application.objects.filter(pk=application.pk).update(stage=stage)

    assert _run(TODAY) == 0 and not OutgoingEmail.objects.filter(kind="credential_expiry").exists()


def test_hired_people_are_watched(posting):
    application = ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.HIRED)

    assert _run(TODAY) == 1


def test_a_renewed_credential_is_watched_afresh(posting):
    candidate = _candidate_expiring(20)
    ApplicationFactory(posting=posting, candidate=candidate)
    _run(TODAY)

    candidate.profile.licenses.update(expires_on=TODAY + datetime.timedelta(days=85))

    assert _run(TODAY) == 1
    assert sorted(ExpiryNotice.objects.values_list("threshold", flat=True)) == [30, 90]


def test_without_a_hiring_manager_the_recruiters_are_told(posting, recruiter):
    ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))

    _run(TODAY)

    assert _emails(OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE)[0].recipients == [recruiter.email]


def test_the_team_is_told_in_one_email_a_day_soonest_first(posting, manager):
    later, sooner = _candidate_expiring(60), _candidate_expiring(5)
    for candidate in (later, sooner):
        ApplicationFactory(posting=posting, candidate=candidate)

    _run(TODAY)

    [digest] = _emails(OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE)
    assert digest.recipients == [manager.email]
    assert digest.subject == "2 credentials expiring, the first in 5 days"
    assert digest.body.index(sooner.email) < digest.body.index(later.email)
    assert len(_emails(OutgoingEmail.Kind.CREDENTIAL_EXPIRY)) == 2


def test_a_long_digest_lists_the_soonest_and_sends_to_the_list_for_the_rest(posting, manager, monkeypatch):
    from verification import expiry

    monkeypatch.setattr(expiry, "DIGEST_LINES", 2)
    candidates = [_candidate_expiring(days) for days in (3, 4, 50)]
    for candidate in candidates:
        ApplicationFactory(posting=posting, candidate=candidate)

    _run(TODAY)

    [digest] = _emails(OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE)
    assert candidates[0].email in digest.body and candidates[1].email in digest.body
    assert candidates[2].email not in digest.body
    assert "And 1 more, on the list below." in digest.body and LIST_URL in digest.body


def test_the_daily_run_takes_a_fixed_number_of_queries(posting, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n):
        ExpiryNotice.objects.all().delete()
        for _ in range(n):
            ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))
        with CaptureQueriesContext(connection) as captured:
            _run(TODAY)
        return len(captured)

    small, large = queries_for(2), queries_for(8)

    assert small == large


def test_the_command_says_how_many_it_told(posting, capsys):
    ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))

    call_command("send_expiry_notices")

    assert "1 credential(s) told about." in capsys.readouterr().out


def test_the_list_filters_by_state_and_kind(posting):
    ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))
    other = CandidateFactory(
        profile__licenses=[("CO", "OT-CO-3", TODAY + datetime.timedelta(days=10))],
        profile__nbcot_expires_on=TODAY + datetime.timedelta(days=40),
    )
    ApplicationFactory(posting=posting, candidate=other)

    every = [row[4:] for row in expiring(TODAY)]
    texas = [row[4] for row in expiring(TODAY, state="TX")]
    nbcot = [row[4] for row in expiring(TODAY, kind="nbcot")]

    assert [kind for kind, *_ in every] == ["license", "license", "nbcot"]
    assert texas == ["license"] and nbcot == ["nbcot"]


def test_the_emails_read_word_for_word(posting, manager):
    """The bodies are stamped from a template rendered once per shape: each must read as the template says."""
    day = datetime.date(2027, 3, 1)
    candidate = CandidateFactory(
        full_name="Dana O'Neil \\1 {{ x }} %s",
        profile__licenses=[("TX", "OT-TX-1", day + datetime.timedelta(days=1))],
        profile__nbcot_number="",
        profile__nbcot_expires_on=day + datetime.timedelta(days=30),
        profile__cpr_bls_expires_on=day,
    )
    ApplicationFactory(posting=posting, candidate=candidate)

    assert _run(day) == 3

    name, address = "Dana O'Neil \\1 {{ x }} %s", candidate.email
    outro = (
        "Once you have renewed it, please enter the new expiry date on your profile, so the hiring team sees it:\n"
        "http://127.0.0.1:8000/account/profile/\n\n"
        "We write at 90, 30 and 7 days before a credential expires, while you have an application with us or work "
        "with us.\n\nRiverbend Health\n\n"
    )
    team_outro = (
        "We asked each of them to renew and update their profile. A renewal needs a new primary-source "
        f"verification.\n\nEvery credential expiring in the next 90 days:\n{LIST_URL}\n\n"
        "You receive this as part of the hiring team of the postings these people applied to or were hired for.\n\n"
    )
    sent = {(email.kind, email.subject): email.body for email in OutgoingEmail.objects.all()}
    assert sent == {
        ("credential_expiry", "Your CPR/BLS expires today"): (
            f"Dear {name},\n\nYour CPR/BLS expires on Mar 1, 2027, today.\n\n{outro}"
        ),
        ("credential_expiry", "Your NBCOT certification expires in 30 days"): (
            f"Dear {name},\n\nYour NBCOT certification expires on Mar 31, 2027, in 30 days.\n\n{outro}"
        ),
        ("credential_expiry", "Your TX OT license expires in 1 day"): (
            f"Dear {name},\n\nYour TX OT license (OT-TX-1) expires on Mar 2, 2027, in 1 day.\n\n{outro}"
        ),
        # The hiring team's digest: one email, soonest first.
        ("expiry_team_notice", "3 credentials expiring, the first today"): (
            f"{name} ({address}): CPR/BLS expires on Mar 1, 2027, today.\n"
            f"{name} ({address}): TX OT license OT-TX-1 expires on Mar 2, 2027, in 1 day.\n"
            f"{name} ({address}): NBCOT certification expires on Mar 31, 2027, in 30 days.\n\n{team_outro}"
        ),
    }


def test_a_second_run_the_same_day_stores_and_sends_nothing(posting, manager):
    ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))
    _run(TODAY)
    emails = OutgoingEmail.objects.count()

    assert _run(TODAY) == 0
    assert ExpiryNotice.objects.count() == 1 and OutgoingEmail.objects.count() == emails


def test_a_failed_run_stores_no_notice_so_the_next_run_sends_them(posting, manager, monkeypatch):
    """Notices and emails commit together: a run that fails while queueing leaves nothing marked as told."""
    from verification import expiry

    ApplicationFactory(posting=posting, candidate=_candidate_expiring(20))

    def mail_store_fails(emails):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(expiry, "queue_emails", mail_store_fails)
    with pytest.raises(RuntimeError):
        _run(TODAY)
    monkeypatch.undo()

    assert not ExpiryNotice.objects.exists() and not OutgoingEmail.objects.exists()
    assert _run(TODAY) == 1 and OutgoingEmail.objects.count() == 2
