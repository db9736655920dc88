"""The back office of the API: a key shown once and kept hashed, revoking, endpoints checked, deliveries sent again."""

from django.urls import reverse

from api.models import ApiKey, WebhookDelivery, WebhookEndpoint


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(client, admin_user, manager):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:api_apikey_add"),
        {
            "name": "Workday sync",
            "scopes": ["postings:read", "applications:read"],
            "hiring_managers": [manager.pk],
            "requests_per_minute": 60,
        },
    )

    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert secret in response.content.decode() and secret.startswith(key.key_prefix)
    assert key.hashed_key == ApiKey.hash(secret) and secret not in str(vars(key))
    assert key.created_by == admin_user and list(key.hiring_managers.all()) == [manager]
    assert secret not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()


def test_revoking_a_key_refuses_it_at_once(client, admin_user, make_key, bearer):
    key, secret = make_key()
    client.force_login(admin_user)

    client.post(reverse("admin:api_apikey_changelist"), {"action": "revoke_selected", "_selected_action": [key.pk]})

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.get(reverse("api:v1:manage_locations"), headers=bearer(secret)).status_code == 401


def test_an_endpoint_at_a_private_address_is_refused_when_saved(client, admin_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:api_webhookendpoint_add"),
        {
            "name": "Metadata",
            "url": "https://169.254.169.254/latest",
            "events": ["posting.published"],
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_delivery_is_listed_with_its_attempts_and_can_be_sent_again(
    client, admin_user, application, manager, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    WebhookEndpoint.objects.create(name="HRIS", url="https://10.1.2.3/hook", events=["application.stage_changed"])
    with django_capture_on_commit_callbacks(execute=True):
        application.move_to("screening", by=manager)
    delivery = WebhookDelivery.objects.get()
    client.force_login(admin_user)

    page = client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:api_webhookdelivery_changelist"), {"action": "send_again", "_selected_action": [delivery.pk]}
        )

    assert "Refused" in page.content.decode()
    assert delivery.attempt_log.count() == 2
