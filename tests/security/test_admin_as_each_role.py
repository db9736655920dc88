"""The back office as each staff role: every search, filter, autocomplete and "view on site", with hostile values too.

test_admin_access.py walks the admin's URLs; here every list of the admin is asked what a
curious hiring manager would ask it: another manager's posting by reference or title, another
posting's applicant by name, each filter the list offers with odd values, lookups it does not
offer, each autocomplete and each "view on site" redirect. A hiring manager must never learn a
title, a name or even that an object exists; nobody ever gets a 500.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from applications.models import Application
from postings.models import JobPosting
from tests.factories import ApplicationFactory, CandidateFactory, JobPostingFactory

STAFF = ["manager", "other_manager", "recruiter", "admin_user"]
# Values every offered filter is tried with: ordinary, empty, absurd, and what broke the database before.
ODD_VALUES = ["1", "", "x" * 300, "99999999999999999999", "\x00", "2026-13-45"]
# Lookups no list offers: each must be refused (400) or answered as an incorrect lookup, never run.
UNOFFERED = {
    "cover_letter__regex": "[",
    "candidate__email__startswith": "o",
    "candidate__password__startswith": "md5",
    "id__gt": "0",
    "title__icontains": "Confidential",
}


@pytest.fixture
def world(catalog, posting, other_posting, candidate, other_candidate, manager, other_manager, recruiter, admin_user):
    ApplicationFactory(posting=posting, candidate=candidate)
    other_posting.title = "Denver Outsider Opening"
    other_posting.save()
    draft = JobPostingFactory(title="Confidential Draft Opening", hiring_managers=[other_manager])
    outsider = ApplicationFactory(posting=other_posting, candidate=other_candidate, cover_letter="Private letter")
    people = {"manager": manager, "other_manager": other_manager, "recruiter": recruiter, "admin_user": admin_user}
    # What `manager` must never see: another manager's live posting and draft, and that posting's applicant.
    secrets = [other_posting.title, draft.title, other_candidate.full_name, other_candidate.email]
    hidden = [other_posting, draft, outsider, other_candidate, outsider.candidate.profile]
    return {
        "people": people,
        "secrets": secrets,
        "hidden": hidden,
        "postings": [other_posting, draft],
        "application": outsider,
    }


def _changelists():
    for model, model_admin in admin.site._registry.items():
        yield model_admin, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _found(response, hidden):
    """The objects of `hidden` among a change list's results."""
    changelist = response.context["cl"] if response.context and "cl" in response.context else None
    return [str(obj) for obj in (changelist.result_list if changelist else []) if obj in hidden]


def _leaks(response, secrets):
    body = response.content.decode(errors="replace")
    return [secret for secret in secrets if secret in body]


def _searches(world):
    terms = list(world["secrets"])
    for posting in world["postings"]:
        terms += [posting.reference, f"ot{posting.pk}", f"OT-{posting.pk}", str(posting.pk)]
    return terms


@pytest.mark.parametrize("who", STAFF)
def test_every_search_and_filter_of_every_list_answers_without_error_or_leak(client, world, who):
    person = world["people"][who]
    client.force_login(person)
    secrets = world["secrets"] if who == "manager" else []
    problems = {}
    for model_admin, url in _changelists():
        if client.get(url).status_code == 403:
            continue  # no permission on this list at all
        request = client.get(url).wsgi_request  # for the list's filters, which may depend on who asks
        # Odd values once, as the manager (the role whose lists are narrowest); every role gets each filter.
        values = ODD_VALUES if who == "manager" else ODD_VALUES[:1]
        asked = [{"q": term} for term in _searches(world) if model_admin.search_fields]
        asked += [{key: value} for key in sorted(model_admin.offered_lookups(request)) for value in values]
        asked += [{key: value} for key, value in UNOFFERED.items()]
        for params in asked:
            response = client.get(url, params)
            # A search box shows the words searched for: what the list found is what counts.
            leaks = _found(response, world["hidden"]) if "q" in params else _leaks(response, secrets)
            if response.status_code >= 500 or (who == "manager" and leaks):
                problems[f"{url}?{params}"] = (response.status_code, leaks)
    assert not problems, f"{who}: {problems}"


def test_a_hiring_manager_finds_no_other_managers_posting_by_its_reference(client, world):
    client.force_login(world["people"]["manager"])
    for posting in world["postings"]:
        for term in (posting.reference, f"ot{posting.pk}"):
            page = client.get(reverse("admin:postings_jobposting_changelist"), {"q": term})
            assert page.status_code == 200
            assert posting.display_title not in page.content.decode(), term
            assert "0 results" in page.content.decode()


def test_a_recruiter_finds_any_posting_by_its_reference(client, world):
    client.force_login(world["people"]["recruiter"])
    draft = world["postings"][1]

    page = client.get(reverse("admin:postings_jobposting_changelist"), {"q": f"ot{draft.pk}"})

    assert draft.title in page.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage__exact": "\x00"}, "incorrect lookup"),
        ({"q": "\x00"}, "incorrect lookup"),
        ({"submitted_at__year": "99999999999999999999"}, "incorrect lookup"),
        ({"cover_letter__regex": "["}, 400),
    ],
)
def test_hostile_filter_parameters_get_the_admins_answer_not_a_500(client, world, params, expected):
    client.force_login(world["people"]["manager"])

    response = client.get(reverse("admin:applications_application_changelist"), params)

    if expected == "incorrect lookup":
        assert response.status_code == 302 and response["Location"].endswith("?e=1")
    else:
        assert response.status_code == expected


def _autocompletes():
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield model, field_name


@pytest.mark.parametrize("who", STAFF)
def test_every_autocomplete_answers_within_the_askers_rights(client, world, who):
    client.force_login(world["people"][who])
    secrets = world["secrets"] if who == "manager" else []
    problems = {}
    for model, field_name in _autocompletes():
        for term in ["", "o", *world["secrets"]]:
            params = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field_name,
                "term": term,
            }
            response = client.get(reverse("admin:autocomplete"), params)
            if response.status_code not in (200, 403) or _leaks(response, secrets):
                problems[f"{model.__name__}.{field_name} {term!r}"] = response.status_code
    assert not problems, f"{who}: {problems}"


def test_the_hiring_manager_autocomplete_offers_exactly_whom_the_form_accepts(client, world, recruiter):
    from postings.admin import JobPostingAdminForm

    CandidateFactory(email="hopeful.manager@example.com", full_name="Hopeful Manager")
    client.force_login(recruiter)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "postings", "model_name": "jobposting", "field_name": "hiring_managers", "term": ""},
    )

    offered = {item["text"]: int(item["id"]) for item in response.json()["results"]}
    assert set(offered) == {"Morgan Manager", "Owen Othermanager"}  # no candidate, no recruiter, no admin
    accepted = JobPostingAdminForm().fields["hiring_managers"].queryset
    assert set(accepted.values_list("pk", flat=True)) == set(offered.values())


def _view_on_site(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.mark.parametrize("who", STAFF)
def test_view_on_site_redirects_only_to_what_the_person_may_see_in_the_admin(client, world, who):
    client.force_login(world["people"][who])
    outsiders = [*world["postings"], world["application"]]

    answers = {str(obj): client.get(_view_on_site(obj)).status_code for obj in outsiders}

    if who == "manager":
        assert set(answers.values()) == {404}, answers
    elif who == "other_manager":
        # Their own posting and draft; the applicant's own page is the candidate's, never shown to staff in the admin.
        assert answers[str(world["postings"][0])] == 302 and answers[str(world["postings"][1])] == 302
    else:
        assert set(answers.values()) == {302}, answers


def test_view_on_site_of_an_id_that_does_not_exist_answers_like_one_that_is_not_yours(client, world):
    client.force_login(world["people"]["manager"])
    content_type = ContentType.objects.get_for_model(Application)

    for object_id in ("999999", "abc", "99999999999999999999"):
        assert client.get(reverse("admin:view_on_site", args=[content_type.pk, object_id])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[999999, 1])).status_code == 404
    assert JobPosting.objects.count() >= 2
