"""Every operation of the integrations' side against every kind of key.

No key and a revoked key: 401. A key without the operation's scope: 403. A key
limited to another hiring manager's postings: 404 for anything of `posting`,
so ids reveal nothing. The right key: the operation's own answer.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.models import ApiKey
from api.v1 import api
from tests.api.conftest import ALL_SCOPES
from tests.factories import ApplicationFactory

Scope = ApiKey.Scope

# operationId: (scope, body, the right key's answer, the other manager's key's answer)
OPERATIONS = {
    "listManagedPostings": (Scope.POSTINGS_READ, None, 200, 200),
    "getManagedPosting": (Scope.POSTINGS_READ, None, 200, 404),
    "createPosting": (Scope.POSTINGS_WRITE, {}, 422, 422),  # an empty posting: the admin's form refuses it
    "updatePosting": (Scope.POSTINGS_WRITE, {"schedule": "Mon–Thu, 7:00–5:30"}, 200, 404),
    "publishPosting": (Scope.POSTINGS_WRITE, None, 409, 404),  # already published
    "closePosting": (Scope.POSTINGS_WRITE, {"reason": "cancelled"}, 200, 404),
    "listLocations": (Scope.POSTINGS_READ, None, 200, 200),
    "listApplications": (Scope.APPLICATIONS_READ, None, 200, 404),
    "getApplication": (Scope.APPLICATIONS_READ, None, 200, 404),
    "getApplicationResume": (Scope.APPLICATIONS_READ, None, 200, 404),
    "moveApplication": (Scope.APPLICATIONS_WRITE, {"stage": "screening", "expected_stage": "submitted"}, 200, 404),
}


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                yield operation["operationId"], method, path


def test_every_authenticated_operation_is_walked_here():
    assert {operation_id for operation_id, _, _ in _operations()} == OPERATIONS.keys()


@pytest.fixture
def world(posting, manager, other_manager, candidate):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    return {"posting": posting, "application": application, "manager": manager, "other_manager": other_manager}


def _call(client, method, path, world, secret, body):
    url = path.format(posting_id=world["posting"].pk, application_id=world["application"].pk)
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    if method == "get":
        return client.get(url, headers=headers)
    return getattr(client, method)(url, body or {}, content_type="application/json", headers=headers)


def _secret(caller, scope, make_key, world):
    if caller == "no_key":
        return None
    if caller == "revoked":
        return make_key(ALL_SCOPES, revoked=True)[1]
    if caller == "wrong_scope":
        return make_key([other for other in ALL_SCOPES if other != scope])[1]
    if caller == "other_manager":
        return make_key(ALL_SCOPES, managers=[world["other_manager"]])[1]
    return make_key([scope], managers=[world["manager"]])[1]


@pytest.mark.parametrize("caller", ["no_key", "revoked", "wrong_scope", "other_manager", "right_key"])
def test_each_key_gets_the_expected_answer_from_every_operation(client, world, make_key, caller):
    wrong = {}
    for operation_id, method, path in _operations():
        scope, body, right, other = OPERATIONS[operation_id]
        secret = _secret(caller, scope, make_key, world)
        expected = {"no_key": 401, "revoked": 401, "wrong_scope": 403, "other_manager": other, "right_key": right}
        response = _call(client, method, path, world, secret, body)
        if response.status_code != expected[caller]:
            wrong[operation_id] = f"got {response.status_code}, expected {expected[caller]}: {response.content[:200]}"
        elif response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", operation_id
    assert not wrong, f"{caller}: {wrong}"


def test_another_managers_key_does_not_list_the_posting(client, world, make_key, bearer):
    _, secret = make_key(ALL_SCOPES, managers=[world["other_manager"]])

    listed = client.get(reverse("api:v1:manage_postings"), headers=bearer(secret)).json()["results"]

    assert world["posting"].pk not in [item["id"] for item in listed]


def test_a_session_never_stands_in_for_a_key(client, world, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("api:v1:manage_postings"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_over_its_rate_gets_429_with_retry_after(client, world, make_key, bearer):
    cache.clear()
    key, secret = make_key([Scope.POSTINGS_READ], per_minute=3)
    url = reverse("api:v1:manage_locations")

    answers = [client.get(url, headers=bearer(secret)).status_code for _ in range(4)]
    refused = client.get(url, headers=bearer(secret))

    assert answers == [200, 200, 200, 429]
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_each_key_has_its_own_rate(client, world, make_key, bearer):
    _, busy = make_key([Scope.POSTINGS_READ], per_minute=1)
    _, quiet = make_key([Scope.POSTINGS_READ], per_minute=1)
    url = reverse("api:v1:manage_locations")
    client.get(url, headers=bearer(busy))

    assert client.get(url, headers=bearer(busy)).status_code == 429
    assert client.get(url, headers=bearer(quiet)).status_code == 200


def test_the_last_use_is_recorded(client, world, make_key, bearer):
    key, secret = make_key([Scope.POSTINGS_READ])

    client.get(reverse("api:v1:manage_locations"), headers=bearer(secret))

    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_key_is_stored_hashed_and_found_by_its_secret(make_key):
    key, secret = make_key()

    assert secret.startswith("otk_") and secret not in (key.hashed_key, key.key_prefix)
    assert ApiKey.objects.for_secret(secret) == key
    assert ApiKey.objects.for_secret(secret + "x") is None
