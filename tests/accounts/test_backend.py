"""The sign-in backend reads a signed-in person's reviewer groups with the account: no query of their own."""

from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.contrib.auth.models import Group
from django.test import RequestFactory

from accounts.backends import AccountBackend
from accounts.models import HIRING_MANAGERS_GROUP, RECRUITERS_GROUP
from tests.factories import CandidateFactory, HiringManagerFactory, RecruiterFactory, UserFactory


def test_the_reviewer_groups_come_with_the_account(db, django_assert_num_queries):
    recruiter, manager = RecruiterFactory(), HiringManagerFactory()
    manager.groups.add(Group.objects.get_or_create(name="Newsletter editors")[0])
    backend = AccountBackend()

    with django_assert_num_queries(2):
        signed_in_recruiter, signed_in_manager = backend.get_user(recruiter.pk), backend.get_user(manager.pk)
        assert signed_in_recruiter.is_recruiter and signed_in_recruiter.sees_every_posting
        assert signed_in_manager.reviewer_groups == {HIRING_MANAGERS_GROUP}
        assert signed_in_manager.is_reviewer and not signed_in_manager.sees_every_posting


def test_staff_outside_the_groups_candidates_and_inactive_staff_review_nothing(db):
    candidate, plain_staff = CandidateFactory(), UserFactory(is_staff=True)
    former = RecruiterFactory()
    former.is_active = False
    former.save()
    backend = AccountBackend()

    assert not backend.get_user(candidate.pk).is_reviewer
    assert backend.get_user(plain_staff.pk).reviewer_groups == frozenset()
    assert backend.get_user(former.pk) is None  # an inactive account is signed out, as with Django's backend
    assert backend.get_user(10**9) is None


def test_a_person_taken_out_of_a_group_loses_it_on_their_next_request(db):
    recruiter = RecruiterFactory()
    assert AccountBackend().get_user(recruiter.pk).is_recruiter

    recruiter.groups.remove(Group.objects.get(name=RECRUITERS_GROUP))

    assert not AccountBackend().get_user(recruiter.pk).is_reviewer


def test_a_session_signed_in_through_djangos_own_backend_still_works(db, client):
    manager = HiringManagerFactory()
    request = RequestFactory().get("/")
    request.session = client.session
    request.session["_auth_user_id"] = str(manager.pk)
    request.session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    request.session["_auth_user_hash"] = manager.get_session_auth_hash()

    user = get_user(request)

    assert user == manager and user.is_hiring_manager


def test_a_wrong_password_is_checked_once(db, monkeypatch):
    from django.contrib.auth import authenticate
    from django.contrib.auth.backends import ModelBackend

    person = UserFactory()
    checks = []
    original = ModelBackend.authenticate
    monkeypatch.setattr(ModelBackend, "authenticate", lambda self, *a, **k: checks.append(1) or original(self, *a, **k))

    assert authenticate(username=person.email, password="not the password") is None
    assert len(checks) == 1
