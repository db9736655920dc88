"""Task backends whose tasks carry the request id (portal/request_id.py) from the request that queued them to
their run, so a worker's log lines for an email or a webhook share the id of the page that asked for it.

The id travels as one reserved keyword argument, added when the task is queued inside a request and taken off
again before the task's function runs: no task's signature knows of it. Tasks queued outside a request (cron,
the worker itself) carry none and run with none.
"""

from django.tasks import Task
from django.tasks.backends.immediate import ImmediateBackend as DjangoImmediateBackend
from django_tasks_db import DatabaseBackend as DjangoDatabaseBackend

from portal import request_id

REQUEST_ID_KWARG = "_request_id"


class RequestIdTask(Task):
    def enqueue(self, *args, **kwargs):
        return super().enqueue(*args, **_with_request_id(kwargs))

    async def aenqueue(self, *args, **kwargs):
        return await super().aenqueue(*args, **_with_request_id(kwargs))

    def call(self, *args, **kwargs):
        with request_id.running_as(kwargs.pop(REQUEST_ID_KWARG, None)):
            return super().call(*args, **kwargs)

    async def acall(self, *args, **kwargs):
        with request_id.running_as(kwargs.pop(REQUEST_ID_KWARG, None)):
            return await super().acall(*args, **kwargs)


def _with_request_id(kwargs):
    current = request_id.current()
    return {**kwargs, REQUEST_ID_KWARG: current} if current else kwargs


class ImmediateBackend(DjangoImmediateBackend):
    task_class = RequestIdTask


class DatabaseBackend(DjangoDatabaseBackend):
    task_class = RequestIdTask
