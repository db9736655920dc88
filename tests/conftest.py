"""The test cast and settings shared by the whole suite.

Fast and isolated: MD5 hashing, plain static files (no manifest to build),
uploads kept in memory (or on disk, or in S3: tests/object_storage.py), tasks run in-process.
"""

import pytest


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, monkeypatch, tmp_path_factory):
    from tests.object_storage import storage_for_tests

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": storage_for_tests(monkeypatch, tmp_path_factory),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "portal.tasks.ImmediateBackend"}}
    settings.SECURE_SSL_REDIRECT = False
    # Cached pages (the job board) and the board's index must not leak from one test into the next.
    from django.core.cache import cache

    from postings import board_index

    cache.clear()
    board_index.forget()


@pytest.fixture(autouse=True)
def _board_version_bumped_as_the_commit_would(request, monkeypatch):
    """The board's version changes after a commit (BoardVersion.bump); most tests run in one transaction that
    never commits, so there the version changes at once instead. Tests that commit for real
    (transactional ones, with their threads and servers) keep the after-commit bump."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return
    from postings.board_version import BoardVersion

    monkeypatch.setattr(BoardVersion, "bump", classmethod(lambda cls: cls._bump_now()))


@pytest.fixture(autouse=True)
def _staff_force_login_completes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: for staff that includes the second factor.

    Staff sessions without one are signed out (accounts.middleware.TwoFactorMiddleware), so the staff member
    gets a real authenticator and the session records it, as the sign-in's code step does. Tests of the sign-in
    itself go through the pages (tests/accounts/test_two_factor.py).
    """
    from django.test import Client

    from accounts import two_factor

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            from tests.factories import enrolled_authenticator

            session = self.session
            two_factor.mark_verified(session, enrolled_authenticator(user))
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture
def catalog(db):
    """The five OT levels as a fresh install holds them."""
    from roles.catalog import load_catalog

    load_catalog()
    from roles.models import RoleLevel

    return {level.slug: level for level in RoleLevel.objects.all()}


@pytest.fixture
def admin_user(db):
    """A superuser: the back office, everything."""
    from tests.factories import UserFactory

    return UserFactory(email="admin@example.com", full_name="Ada Admin", is_staff=True, is_superuser=True)


# --- The cast -------------------------------------------------------------------------------------
# One posting with its own hiring manager, and a second posting managed by someone else.


@pytest.fixture
def posting(db):
    """An open posting (Senior-style level, Texas) managed by `manager`."""
    from tests.factories import PublishedPostingFactory

    return PublishedPostingFactory()


@pytest.fixture
def other_posting(db):
    """An open posting managed by `other_manager` only."""
    from tests.factories import LocationFactory, PublishedPostingFactory

    return PublishedPostingFactory(location=LocationFactory(city="Denver", state="CO", zip_code="80202"))


@pytest.fixture
def candidate(db):
    """Applies to `posting`; sees only their own profile, applications and resumes."""
    from tests.factories import CandidateFactory

    return CandidateFactory(email="candidate@example.com", full_name="Casey Candidate")


@pytest.fixture
def other_candidate(db):
    """Another candidate: must never see `candidate`'s data."""
    from tests.factories import CandidateFactory

    return CandidateFactory(email="other.candidate@example.com", full_name="Olivia Other")


@pytest.fixture
def manager(db, posting):
    """Hiring manager of `posting` only: sees its applicants, nothing of `other_posting`."""
    from tests.factories import HiringManagerFactory

    user = HiringManagerFactory(email="manager@example.com", full_name="Morgan Manager")
    posting.hiring_managers.add(user)
    return user


@pytest.fixture
def other_manager(db, other_posting):
    """Hiring manager of `other_posting` only: gets 404 for anything of `posting`."""
    from tests.factories import HiringManagerFactory

    user = HiringManagerFactory(email="other.manager@example.com", full_name="Owen Othermanager")
    other_posting.hiring_managers.add(user)
    return user


@pytest.fixture
def recruiter(db):
    """Sees every posting and applicant; assigns hiring managers."""
    from tests.factories import RecruiterFactory

    return RecruiterFactory(email="recruiter@example.com", full_name="Riley Recruiter")


@pytest.fixture
def application(db, posting, candidate):
    """`candidate`'s submitted application to `posting`."""
    from tests.factories import ApplicationFactory

    return ApplicationFactory(posting=posting, candidate=candidate)


# --- Options --------------------------------------------------------------------------------------
# Declared here rather than in tests/browser/conftest.py: pytest only reads options from conftests it
# loads before collection, and a plain `pytest` run loads tests/browser/conftest.py too late.


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="save key pages at desktop and phone widths into screenshots/ (make screenshots)",
    )


def pytest_collection_modifyitems(items):
    """Tests that commit for real (live server, racing threads) flush the database afterwards.

    The flush would also wipe what migrations seed (care settings, reviewer groups,
    email templates, specialties) for every later test; serialized rollback puts it back.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = (marker is not None and marker.kwargs.get("transaction")) or {
            "transactional_db",
            "live_server",
        } & set(getattr(item, "fixturenames", ()))
        if commits:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
