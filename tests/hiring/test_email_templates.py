"""The admin-edited email texts: only the promised variables and a few tags, checked on save; a broken one never breaks a move."""

import logging

import pytest
from django.urls import reverse

from applications.models import Application, OutgoingEmail
from hiring import email_text
from hiring.models import EmailTemplate

Stage = Application.Stage


def _save(client, template, **changes):
    data = {
        "subject": template.subject,
        "body": template.body,
        "send_automatically": "on",
        "delay_hours": template.delay_hours,
        **changes,
    }
    return client.post(reverse("admin:hiring_emailtemplate_change", args=[template.pk]), data)


@pytest.fixture
def interview(db):
    return EmailTemplate.objects.get(kind=EmailTemplate.Kind.INTERVIEW)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("body", "Hello {% if %}there{% endif %}", "cannot be used as it is"),
        ("body", "Hello {% if candidate_name %}there", "cannot be used as it is"),
        ("body", "{% load static %}Hello", "The tag “{% load %}” is not allowed"),
        ("body", '{% include "base.html" %}', "The tag “{% include %}” is not allowed"),
        ("body", "{% debug %}", "The tag “{% debug %}” is not allowed"),
        ("body", "{% now 'Y' %}", "The tag “{% now %}” is not allowed"),
        ("body", "Dear {{ candidate.password }}", "is not one of the variables here"),
        ("body", "Dear {{ candidate_name.__class__ }}", "is not one of the variables here"),
        ("body", "{{ settings.SECRET_KEY }}", "is not one of the variables here"),
        ("body", "Dear {{ candidate_name|safe }}", "The filter “safe” is not allowed"),
        ("body", "{% if request %}x{% endif %}", "may only test the variables"),
        ("subject", "Interview: {{ status_url }}", "is not one of the variables here"),
    ],
)
def test_a_text_beyond_the_promised_variables_and_tags_is_refused_on_save(
    admin_client, interview, field, text, message
):
    before = (interview.subject, interview.body)

    response = _save(admin_client, interview, **{field: text})

    assert response.status_code == 200
    assert message in response.content.decode()
    interview.refresh_from_db()
    assert (interview.subject, interview.body) == before


def test_a_text_with_the_promised_variables_filters_and_if_is_saved(admin_client, interview):
    body = 'Hello {{ candidate_name|default:"there" }},\n{% if posting_title %}About {{ posting_title }}.{% else %}Hi.{% endif %}\n{{ status_url }}'

    response = _save(admin_client, interview, subject="Interview: {{ posting_title|upper }}", body=body)

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.body == body


def test_every_text_a_fresh_install_holds_passes_the_check(db):
    for template in EmailTemplate.objects.all():
        template.full_clean()


def test_a_text_broken_before_the_check_never_breaks_the_move(client, manager, application, caplog, interview):
    EmailTemplate.objects.filter(pk=interview.pk).update(body="Hello {% if %}")  # as stored before the check
    application.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    with caplog.at_level(logging.ERROR, logger="hiring.emails"):
        response = client.post(
            reverse("hiring:move", args=[application.pk]),
            {"stage": Stage.INTERVIEW, "expected_stage": Stage.SCREENING, "reason": "", "email": "usual"},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert not OutgoingEmail.objects.filter(kind="interview").exists()
    assert "does not compile" in caplog.text


def test_texts_render_as_plain_text_with_nothing_escaped():
    assert email_text.render("{{ candidate_name }} & co", {"candidate_name": "O'Brien <Jo>"}) == "O'Brien <Jo> & co"
