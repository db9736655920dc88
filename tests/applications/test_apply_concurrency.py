"""One application per candidate per posting, held by the database even when two submits race."""

import pytest
from django.db import connection

from applications import services
from applications.models import Application, OutgoingEmail
from tests.applications.apply_helpers import submit_at_once
from tests.applications.test_apply_emails import stored_files, submission_for
from tests.factories import ApplicationFactory


@pytest.fixture(autouse=True)
def _postgres_only(request):
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("Two submits racing on separate connections need PostgreSQL (SQLite serialises all writers).")


@pytest.mark.django_db
def test_losing_the_race_shows_the_winner_and_removes_its_own_file(posting, candidate, other_candidate, monkeypatch):
    """The other submit commits between our existence check and our insert: the constraint answers."""
    real_screen = services.screen
    winner = {}

    def someone_else_commits_first(**kwargs):
        winner["application"] = ApplicationFactory(posting=posting, candidate=candidate)
        return real_screen(**kwargs)

    monkeypatch.setattr(services, "screen", someone_else_commits_first)
    files_before = stored_files()

    with pytest.raises(services.AlreadyApplied) as raised:
        services.submit_application(posting=posting, candidate=candidate, **submission_for(posting, candidate))

    assert raised.value.application == winner["application"]
    # Only the winner's resume is left; the loser's copy was deleted.
    assert stored_files() - files_before == {winner["application"].resume.name}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_instant_store_one_application_and_show_it_to_both(
    posting, candidate, manager, monkeypatch
):
    responses = submit_at_once(posting, candidate, 2, monkeypatch)

    application = Application.objects.get(posting=posting, candidate=candidate)
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {application.get_absolute_url()}
    assert application.answers.count() == posting.requirements.count()
    # One confirmation and one manager notice: the losing request queued nothing.
    assert OutgoingEmail.objects.count() == 2
    assert stored_files() == {application.resume.name, application.candidate.profile.resume.name}
