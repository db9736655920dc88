"""Version 1 of the API: the public job board and the integrations' side, one OpenAPI document.

django-ninja builds the document from the operations' types (schemas.py), so
what is published is what the code accepts and answers; the contract tests
(tests/api/test_contract.py) hold every answer to it.
"""

from ninja import NinjaAPI

from . import manage_applications, manage_postings, problems, public

DESCRIPTION = """
The OT Staffing Portal's API: the public job board for careers sites built elsewhere, and the hiring
side for integrations (an HRIS, an onboarding tool, reporting).

**Public** (`/api/v1/postings`, `/api/v1/roles`): no key; cached like the board, with `ETag` and
`Last-Modified` (send `If-None-Match` or `If-Modified-Since` and get `304`), and open to any origin (CORS, GET).

**Integrations** (`/api/v1/manage/...`): send `Authorization: Bearer <key>`. Admins make keys in the admin
(API keys), each for one integration, with scopes: `postings:read`, `postings:write`, `applications:read`
(candidates' personal data, answers, history and resumes), `applications:write` (moves), and optionally
limited to the postings of some hiring managers. A key has a number of requests a minute; past it the answer
is `429` with `Retry-After` (seconds).

**Errors** are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`,
a `code` to branch on, and `errors` (`name`, `detail`, `code`) for each field that was not accepted.

<h2 id="webhooks">Webhooks</h2>

Admins register endpoints (URL, events) in the admin. Events: `posting.published`, `posting.closed`,
`application.submitted`, `application.stage_changed`, `application.withdrawn`. Each delivery is a `POST` of
JSON: `{"id", "type", "created_at", "data"}`, with ids, stages and times only; fetch details with a key.
Headers: `OT-Event`, `OT-Delivery` (the event id: drop one you have seen) and
`OT-Signature: t=<unix seconds>,v1=<hex>`, where hex is HMAC-SHA256 of `"<t>.<raw body>"` keyed with the
endpoint's secret. To verify: recompute over the raw bytes, compare in constant time, and refuse a `t` more
than five minutes from your clock (a replay). Answer 2xx within ten seconds; anything else is retried after
1, 5 and 15 minutes, 1, 3, 6, 12 and 24 hours (about three days), then given up; admins can send it again.
"""


PROBLEM_REF = {"$ref": "#/components/schemas/ProblemSchema"}


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Errors are problem details: say so in the document, as the answers do.
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    # A body that is not JSON at all is refused before it is read.
                    operation["responses"].setdefault(
                        "400",
                        {"description": "Bad Request", "content": {"application/json": {"schema": PROBLEM_REF}}},
                    )
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


api = PortalApi(
    title="OT Staffing Portal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/", public.router)
api.add_router("/manage/", manage_postings.router)
api.add_router("/manage/", manage_applications.router)
