from django.urls import reverse

from accounts.models import User


def test_a_recruiter_can_pick_hiring_managers_in_the_admin(client, recruiter, manager):
    client.force_login(recruiter)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "postings", "model_name": "jobposting", "field_name": "hiring_managers", "term": "morgan"},
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [str(manager)]


def test_a_recruiter_may_add_requirements_to_a_draft_posting(recruiter):
    assert User.objects.get(pk=recruiter.pk).has_perm("postings.add_postingrequirement")


def test_the_reviewer_groups_keep_their_permissions_on_the_models_that_moved_to_hiring(recruiter, manager):
    """Notes, scorecards and email templates moved apps; the groups' permissions moved with them."""
    recruiter, manager = User.objects.get(pk=recruiter.pk), User.objects.get(pk=manager.pk)

    for person in (recruiter, manager):
        assert person.has_perms(["hiring.view_note", "hiring.add_note", "hiring.change_scorecard"])
    assert recruiter.has_perms(["hiring.view_emailtemplate", "hiring.change_emailtemplate"])
    assert not manager.has_perm("hiring.change_emailtemplate")
