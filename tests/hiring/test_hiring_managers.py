"""Recruiters choose a posting's hiring managers on a page of its own."""

from django.urls import reverse

from tests.factories import HiringManagerFactory
from tests.hiring.conftest import page_text


def test_the_hiring_managers_page_lists_every_hiring_manager_with_the_current_ones_ticked(
    client, manager, recruiter, posting
):
    other = HiringManagerFactory(full_name="Nia Newcomer")
    client.force_login(recruiter)

    response = client.get(reverse("hiring:hiring_managers", args=[posting.pk]))

    assert response.status_code == 200
    assert [name for _, name, _, _ in response.context["people"]] == ["Morgan Manager", "Nia Newcomer"]
    page = page_text(response)
    assert f'value="{manager.pk}" id="managers-hiring_managers_0" checked' in page
    assert f'value="{other.pk}" id="managers-hiring_managers_1">' in page


def test_recruiter_assigns_hiring_managers_who_then_see_the_posting(client, recruiter, manager, posting):
    newcomer = HiringManagerFactory(full_name="Nia Newcomer")
    client.force_login(recruiter)

    response = client.post(
        reverse("hiring:hiring_managers", args=[posting.pk]), {"hiring_managers": [manager.pk, newcomer.pk]}
    )

    assert response.status_code == 302
    assert set(posting.hiring_managers.all()) == {manager, newcomer}
    client.force_login(newcomer)
    assert client.get(reverse("hiring:pipeline", args=[posting.pk])).status_code == 200


def test_only_hiring_managers_can_be_assigned(client, recruiter, posting, candidate, manager):
    client.force_login(recruiter)

    response = client.post(reverse("hiring:hiring_managers", args=[posting.pk]), {"hiring_managers": [candidate.pk]})

    assert response.status_code == 400
    assert list(posting.hiring_managers.all()) == [manager]
    assert "Choose hiring managers from the list." in page_text(response)
