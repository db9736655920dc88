"""A task queued while a request is handled runs under that request's id (portal/tasks.py), so the worker's log
lines for an email or a webhook can be found from the page that asked for it; the task's own arguments never
see the id."""

import logging

import pytest
from django.core.management import call_command
from django.tasks import task, task_backends

from portal import request_id
from portal.tasks import REQUEST_ID_KWARG

log = logging.getLogger("tests.tasks")


@task()
def note_the_request(word):
    log.warning("noted %s", word)
    return request_id.current()


def test_a_task_queued_in_a_request_runs_under_its_id_with_its_own_arguments_only(caplog):
    with request_id.running_as("f00dfeedcafe4b1d"):
        result = note_the_request.enqueue("stroke")

    assert result.return_value == "f00dfeedcafe4b1d"
    assert [record.request_id for record in caplog.records if record.name == "tests.tasks"] == ["f00dfeedcafe4b1d"]
    assert request_id.current() is None


def test_a_task_queued_outside_a_request_carries_no_id(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    note_the_request.enqueue("rehab")

    [queued] = task_backends["default"].results
    assert queued.kwargs == {} and queued.args == ["rehab"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_task_under_the_id_of_the_request_that_queued_it(settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "portal.tasks.DatabaseBackend", "QUEUES": ["default"]}}
    with request_id.running_as("0123456789abcdef"):
        result = note_the_request.enqueue("pediatrics")
    assert result.kwargs == {REQUEST_ID_KWARG: "0123456789abcdef"}

    call_command("db_worker", "--batch", "--interval", "0")

    result.refresh()
    assert result.return_value == "0123456789abcdef"
    assert "0123456789abcdef" in [record.request_id for record in caplog.records if record.name == "tests.tasks"]
