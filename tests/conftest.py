"""The test cast and settings shared by the whole suite.

Fast and isolated: MD5 hashing, plain static files (no manifest to build),
uploads kept in memory, tasks run in-process.
"""

import pytest


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SECURE_SSL_REDIRECT = False


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

    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
