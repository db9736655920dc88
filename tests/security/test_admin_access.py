"""The back office as one family of URLs: every /admin/ address, walked from the URL configuration.

test_access_matrix.py holds the site's own pages (and the admin's front door); here each admin
pattern is made concrete and asked by each kind of visitor. Candidates and anonymous visitors are
sent to the admin's sign-in page from every one of them; staff reach only what their permissions
cover, and a hiring manager never another manager's posting or applicant.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import Application
from postings.models import JobPosting
from tests.factories import ApplicationFactory, enrolled_authenticator, next_code

ADMIN_LOGIN = "/admin/login/"
NOT_STAFF = ["anonymous", "candidate", "other_candidate"]
MANAGERS = ["manager", "other_manager"]


def _admin_routes(patterns=None, prefix=""):
    """(route, name) of every admin URL pattern, regex routes included."""
    if patterns is None:
        resolver = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "admin")
        yield from _admin_routes(resolver.url_patterns, "/admin/")
        return
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _admin_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or ""


def _model_of(route):
    match = re.match(r"^/admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    return next(
        (model for model in admin.site._registry if (model._meta.app_label, model._meta.model_name) == match.groups()),
        None,
    )


@pytest.fixture
def world(catalog, posting, other_posting, candidate, other_candidate, manager, other_manager, recruiter, admin_user):
    ApplicationFactory(posting=posting, candidate=candidate)
    # For every object URL: something the hiring manager of `posting` must not reach.
    outsider_application = ApplicationFactory(posting=other_posting, candidate=other_candidate)
    people = {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "manager": manager,
        "other_manager": other_manager,
        "recruiter": recruiter,
        "admin_user": admin_user,
    }
    objects = {JobPosting: other_posting, Application: outsider_application}
    return {"people": people, "objects": objects, "posting": posting}


def _concrete(route, world):
    """A real address for an admin route: ids of existing objects, the app label of the app list."""
    model = _model_of(route)
    instance = world["objects"].get(model) or (model.objects.order_by("pk").first() if model else None)
    object_id = str(instance.pk) if instance else "1"
    url = route.replace("<path:object_id>", object_id).replace("<id>", str(world["people"]["candidate"].pk))
    if "<path:content_type_id>" in url:
        application = world["objects"][Application]
        url = url.replace("<path:content_type_id>", str(ContentType.objects.get_for_model(Application).pk))
        url = url.replace(f"/{object_id}/", f"/{application.pk}/")
    if url.startswith("/admin/^"):
        url = "/admin/accounts/"  # admin:app_list
    if url.endswith("(?P<url>.*)$"):
        url = "/admin/no-such-page/"  # the catch-all
    return url


def _urls(world):
    return sorted({(_concrete(route, world), name) for route, name in _admin_routes()})


def test_the_walk_covers_every_registered_model():
    models = {_model_of(route) for route, _ in _admin_routes()} - {None}
    assert models == set(admin.site._registry)


@pytest.mark.parametrize("who", NOT_STAFF)
def test_visitors_who_are_not_staff_are_sent_to_the_admin_sign_in_from_every_admin_url(client, world, who):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)
    wrong = {}
    for url, name in _urls(world):
        response = client.get(url)
        if name == "login":
            expected_ok = response.status_code == 200
        elif name == "logout":
            # Signing out takes a POST; a GET changes nothing and lands on the admin's front door.
            expected_ok = response.status_code in (302, 405) and response.get("Location", "/admin/") == "/admin/"
        else:
            expected_ok = response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)
        if not expected_ok:
            wrong[url] = f"{response.status_code} {response.get('Location', '')}"
    assert not wrong, f"{who}: {wrong}"


def _model_permissions(user, model):
    meta = model._meta
    return {
        action
        for action in ("view", "add", "change", "delete")
        if user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
    }


@pytest.mark.parametrize("who", MANAGERS)
def test_hiring_managers_reach_only_what_their_permissions_and_postings_cover(client, world, who):
    person = world["people"][who]
    client.force_login(person)
    wrong = {}
    for url, name in _urls(world):
        response = client.get(url)
        if response.status_code == 302 and response["Location"] == url + "change/":
            response = client.get(response["Location"])  # /admin/<app>/<model>/<id>/ is a shortcut to the change page
        status = response.status_code
        model = next(
            (m for m in admin.site._registry if url.startswith(f"/admin/{m._meta.app_label}/{m._meta.model_name}/")),
            None,
        )
        if status >= 500:
            wrong[url] = status
        elif model is not None and not _model_permissions(person, model):
            # Forbidden, or (for an id with no object behind it) "does not exist" and back to the index.
            if status != 403 and not (status == 302 and response["Location"] == "/admin/"):
                wrong[url] = f"{status}, expected 403 (no permission on {model._meta.label})"
        elif name == "auth_user_password_change" and status != 403:
            wrong[url] = f"{status}, expected 403"
    assert not wrong, f"{who}: {wrong}"


def test_a_hiring_manager_never_opens_another_managers_posting_or_applicant_in_the_admin(client, world):
    client.force_login(world["people"]["manager"])
    posting, application = world["objects"][JobPosting], world["objects"][Application]

    for model, instance in ((JobPosting, posting), (Application, application)):
        meta = model._meta
        for action in ("change", "history", "delete"):
            url = f"/admin/{meta.app_label}/{meta.model_name}/{instance.pk}/{action}/"
            response = client.get(url)
            # "does not exist" (back to the admin index) or forbidden: never the page.
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"] == "/admin/"
    listing = client.get("/admin/applications/application/").content.decode()
    assert application.candidate.full_name not in listing


def test_the_admin_reaches_every_back_office_list(client, world):
    client.force_login(world["people"]["admin_user"])
    wrong = {}
    for url, name in _urls(world):
        response = client.get(url)
        if response.status_code >= 500 or (name.endswith("_changelist") and response.status_code != 200):
            wrong[url] = response.status_code
    assert not wrong


def test_guessing_a_staff_password_on_the_admin_sign_in_is_stopped_like_on_the_sites(client, recruiter):
    def admin_sign_in(password, address="203.0.113.7"):
        return client.post(
            ADMIN_LOGIN, {"username": recruiter.email, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
        )

    for _ in range(3):
        assert admin_sign_in("wrong guess").status_code == 200
    for _ in range(2):  # the site's sign-in page shares the count
        client.post(
            "/account/sign-in/", {"username": recruiter.email, "password": "wrong guess"}, REMOTE_ADDR="198.51.100.9"
        )

    response = admin_sign_in("correct horse battery", address="192.0.2.1")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_still_lets_staff_in_after_their_code(client, recruiter):
    device = enrolled_authenticator(recruiter)
    response = client.post(
        ADMIN_LOGIN, {"username": recruiter.email, "password": "correct horse battery", "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor_verify")

    response = client.post(response["Location"], {"code": next_code(device)})

    assert response.status_code == 302 and response["Location"] == "/admin/"
