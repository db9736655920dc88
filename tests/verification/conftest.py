"""The verification tests share the suite's cast (tests/conftest.py)."""

import pytest


@pytest.fixture
def offer_application(application, manager):
    """`application` moved to Offer, one step before hire."""
    from applications.models import Application

    for stage in (Application.Stage.SCREENING, Application.Stage.INTERVIEW, Application.Stage.OFFER):
        application.move_to(stage, by=manager)
    return application
