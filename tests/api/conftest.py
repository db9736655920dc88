"""Keys for the API tests: one per kind of caller the access tests walk through."""

import pytest

from api.models import ApiKey

ALL_SCOPES = [scope.value for scope in ApiKey.Scope]


@pytest.fixture
def make_key(db):
    """make_key(scopes, managers=(), revoked=False, per_minute=120) → (ApiKey, secret)."""

    def make(scopes=ALL_SCOPES, managers=(), revoked=False, per_minute=120, name="HRIS sync"):
        key = ApiKey(name=name, scopes=list(scopes), requests_per_minute=per_minute)
        secret = key.set_new_secret()
        key.save()
        key.hiring_managers.set(managers)
        if revoked:
            key.revoke()
        return key, secret

    return make


@pytest.fixture
def bearer():
    def headers(secret):
        return {"Authorization": f"Bearer {secret}"}

    return headers
