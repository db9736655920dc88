import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from postings.models import CareSetting, JobPosting, PostingRequirement
from roles.models import Requirement
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobPostingFactory,
    LocationFactory,
    PublishedPostingFactory,
)

CHANGELIST = reverse("admin:postings_jobposting_changelist")


def change_url(posting):
    return reverse("admin:postings_jobposting_change", args=[posting.pk])


def form_data(response):
    """The admin form as the browser would send it back: fields, inline management forms and inline rows."""
    data = {}

    def put(form, name):
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form, name)
        for row in formset.forms:
            for name in row.fields:
                put(row, name)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- the list ---------------------------------------------------------------------------------------


def test_list_shows_the_columns_recruiters_work_from(admin_client, catalog):
    posting = PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior OT, Burn Unit",
        openings=3,
        location=LocationFactory(city="Phoenix", state="AZ", zip_code="85003"),
    )
    ApplicationFactory(posting=posting)
    ApplicationFactory(posting=posting, candidate=CandidateFactory(email="second@example.com"))

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    row = response.content.decode()
    row = row[row.index("Senior OT, Burn Unit") :][:3000]
    assert "Senior OT" in row
    assert "Inpatient rehabilitation facility" in row
    assert "Phoenix, AZ" in row
    assert "Published" in row
    assert posting.reference in row
    assert '<td class="field-openings">3</td>' in row
    assert '<td class="field-applicant_count">2</td>' in row


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"status__exact": "draft"}, "Draft OT", "Open OT"),
        ({"location__state": "CO"}, "Draft OT", "Open OT"),
        ({"employment_type__exact": "travel"}, "Open OT", "Draft OT"),
        ({"q": "Open"}, "Open OT", "Draft OT"),
    ],
)
def test_list_filters_and_search(admin_client, catalog, params, shown, hidden):
    JobPostingFactory(
        level=catalog["lead-ot"],
        title="Draft OT",
        location=LocationFactory(city="Denver", state="CO", zip_code="80202"),
    )
    PublishedPostingFactory(level=catalog["senior-ot"], title="Open OT", employment_type="travel")

    page = admin_client.get(CHANGELIST, params).content.decode()

    assert shown in page
    assert hidden not in page


def test_list_filters_by_level_and_setting(admin_client, catalog):
    senior = PublishedPostingFactory(level=catalog["senior-ot"], title="Senior one")
    PublishedPostingFactory(level=catalog["lead-ot"], title="Lead one")

    page = admin_client.get(CHANGELIST, {"level__id__exact": senior.level_id, "setting__id__exact": senior.setting_id})

    assert "Senior one" in page.content.decode()
    assert "Lead one" not in page.content.decode()


def test_search_finds_a_posting_by_its_reference(admin_client, catalog):
    wanted = PublishedPostingFactory(level=catalog["senior-ot"], title="Wanted OT")
    PublishedPostingFactory(level=catalog["senior-ot"], title="Other OT")

    page = admin_client.get(CHANGELIST, {"q": wanted.reference}).content.decode()

    assert "Wanted OT" in page
    assert "Other OT" not in page


def test_list_runs_a_fixed_number_of_queries(admin_client, catalog, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            ApplicationFactory(posting=PublishedPostingFactory(level=catalog["mid-level-ot"]))

    add(2)
    with django_assert_num_queries(9) as first:
        admin_client.get(CHANGELIST)
    add(8)
    with django_assert_num_queries(len(first.captured_queries)):
        assert admin_client.get(CHANGELIST).status_code == 200


# --- actions ----------------------------------------------------------------------------------------


def test_publish_action_publishes_what_it_can_and_says_why_not_for_the_rest(admin_client, catalog):
    ready = JobPostingFactory(level=catalog["senior-ot"], title="Ready OT")
    no_location = JobPostingFactory(level=catalog["senior-ot"], title="Nowhere OT", location=None)
    already = PublishedPostingFactory(level=catalog["senior-ot"], title="Live OT")

    response = admin_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [ready.pk, no_location.pk, already.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    no_location.refresh_from_db()
    assert ready.status == JobPosting.Status.PUBLISHED
    assert ready.requirements.exists()
    assert no_location.status == JobPosting.Status.DRAFT
    notes = messages_of(response)
    assert any("“Nowhere OT”" in note and "Choose a location before publishing." in note for note in notes)
    assert any("“Live OT”" in note and "already published" in note for note in notes)
    assert any(note.startswith("Published 1 posting: “Ready OT”") for note in notes)


def test_publish_action_refuses_a_posting_without_any_requirement(admin_client, db):
    bare = JobPostingFactory(title="Bare OT")  # its factory level has no requirements

    response = admin_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [bare.pk]}, follow=True)

    bare.refresh_from_db()
    assert bare.status == JobPosting.Status.DRAFT
    assert any("Add at least one requirement" in note for note in messages_of(response))


@pytest.mark.parametrize(("action", "reason"), [("close_as_filled", "filled"), ("close_as_cancelled", "cancelled")])
def test_close_actions_record_the_reason_and_refuse_closed_postings(admin_client, catalog, action, reason):
    live = PublishedPostingFactory(level=catalog["senior-ot"], title="Live OT")
    done = PublishedPostingFactory(level=catalog["senior-ot"], title="Done OT")
    done.close("filled")

    response = admin_client.post(CHANGELIST, {"action": action, "_selected_action": [live.pk, done.pk]}, follow=True)

    live.refresh_from_db()
    assert live.status == JobPosting.Status.CLOSED
    assert live.close_reason == reason
    notes = messages_of(response)
    assert any("“Done OT”" in note and "already closed" in note for note in notes)


# --- the change page ---------------------------------------------------------------------------------


def test_salary_minimum_above_maximum_is_refused_with_a_clear_message(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data.update(salary_min="99000", salary_max="80000")

    response = admin_client.post(change_url(posting), data)

    assert response.status_code == 200
    assert "The salary minimum cannot be above the maximum." in response.content.decode()
    posting.refresh_from_db()
    assert posting.salary_min == Decimal("78000")


def test_closing_date_before_publishing_is_refused(admin_client, catalog):
    posting = PublishedPostingFactory(
        level=catalog["senior-ot"], published=timezone.now() - datetime.timedelta(days=10)
    )
    data = form_data(admin_client.get(change_url(posting)))
    data["closes_on"] = (timezone.localdate() - datetime.timedelta(days=20)).isoformat()

    response = admin_client.post(change_url(posting), data)

    assert "The closing date must be after the publishing date" in response.content.decode()


def test_a_new_closing_date_in_the_past_is_refused(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data["closes_on"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    response = admin_client.post(change_url(posting), data)

    assert "The closing date cannot be in the past" in response.content.decode()


def test_only_staff_can_be_hiring_managers(admin_client, catalog, candidate, manager):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data["hiring_managers"] = [str(candidate.pk)]

    response = admin_client.post(change_url(posting), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["hiring_managers"] = [str(manager.pk)]
    assert admin_client.post(change_url(posting), data).status_code == 302
    assert list(posting.hiring_managers.all()) == [manager]


def test_draft_requirements_are_editable_inline_and_save_and_publish_uses_them(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], title="Senior OT, Pediatrics")
    data = form_data(admin_client.get(change_url(posting)))
    data.update(
        {
            "requirements-TOTAL_FORMS": "1",
            "requirements-0-position": "1",
            "requirements-0-text": "Pediatric experience",
            # What the browser sends for the inline's number fields it shows filled with 0.
            "requirements-0-min_years": "0",
            "requirements-0-min_leadership_years": "0",
            "requirements-0-kind": Requirement.Kind.QUALIFICATION,
            "requirements-0-importance": Requirement.Importance.PREFERRED,
            "_publish": "Save and publish",
        }
    )

    response = admin_client.post(change_url(posting), data, follow=True)

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    texts = list(posting.requirements.values_list("text", flat=True))
    assert texts[-1] == "Pediatric experience"
    assert len(texts) == catalog["senior-ot"].requirements.count() + 1
    assert any("is published" in note for note in messages_of(response))


def test_save_and_publish_explains_a_refusal_and_keeps_the_changes(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], location=None)
    data = form_data(admin_client.get(change_url(posting)))
    data.update(title="Renamed OT", _publish="Save and publish")

    response = admin_client.post(change_url(posting), data, follow=True)

    posting.refresh_from_db()
    assert posting.title == "Renamed OT"
    assert posting.status == JobPosting.Status.DRAFT
    assert any("Choose a location before publishing." in note for note in messages_of(response))


def test_published_requirements_are_read_only(admin_client, catalog):
    posting = PublishedPostingFactory(level=catalog["senior-ot"])
    before = list(posting.requirements.values_list("pk", "text", "importance"))
    response = admin_client.get(change_url(posting))
    page = response.content.decode()
    assert 'name="requirements-0-text"' not in page
    assert before[0][1] in page

    data = form_data(response)
    data.update(
        {
            "requirements-TOTAL_FORMS": str(len(before) + 1),
            f"requirements-{len(before)}-text": "Sneaked in",
            f"requirements-{len(before)}-importance": "required",
            f"requirements-{len(before)}-kind": "qualification",
            f"requirements-{len(before)}-position": "99",
            "requirements-0-text": "Changed after publishing",
        }
    )
    admin_client.post(change_url(posting), data)

    assert list(posting.requirements.values_list("pk", "text", "importance")) == before
    assert not PostingRequirement.objects.filter(text__in=["Sneaked in", "Changed after publishing"]).exists()


def test_close_button_on_the_change_page(admin_client, catalog):
    posting = PublishedPostingFactory(level=catalog["senior-ot"])
    page = admin_client.get(change_url(posting)).content.decode()
    assert 'name="_close_filled"' in page
    assert 'name="_publish"' not in page
    data = form_data(admin_client.get(change_url(posting)))
    data["_close_filled"] = "Save and close: filled"

    admin_client.post(change_url(posting), data)

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.CLOSED
    assert posting.close_reason == "filled"


def test_location_autocomplete_finds_facilities(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    LocationFactory(facility_name="Harbor View Rehab", city="Seattle", state="WA", zip_code="98101")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "postings", "model_name": "jobposting", "field_name": "location", "term": "Harbor"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Harbor View Rehab, Seattle, WA"]
    assert posting.location.facility_name not in response.content.decode()


def test_hiring_manager_autocomplete_searches_people(admin_client, catalog, manager):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "postings", "model_name": "jobposting", "field_name": "hiring_managers", "term": "Morgan"},
    )
    assert response.status_code == 200
    assert "Morgan Manager" in response.content.decode()


def test_a_hiring_manager_sees_only_their_own_postings_in_the_admin(client, manager, posting, other_posting):
    client.force_login(manager)

    page = client.get(CHANGELIST).content.decode()

    assert change_url(posting) in page
    assert change_url(other_posting) not in page
    response = client.get(change_url(other_posting), follow=True)
    assert "doesn’t exist" in response.content.decode()
    assert client.post(change_url(posting), {}).status_code == 403


def test_a_recruiter_adds_requirements_to_a_draft_and_publishes_it(client, recruiter, catalog):
    posting = JobPostingFactory(level=catalog["lead-ot"], title="Lead OT, Neuro")
    client.force_login(recruiter)
    data = form_data(client.get(change_url(posting)))
    data.update(
        {
            "requirements-TOTAL_FORMS": "1",
            "requirements-0-position": "1",
            "requirements-0-text": "Neuro-IFRAH certification preferred",
            # What the browser sends for the inline's number fields it shows filled with 0.
            "requirements-0-min_years": "0",
            "requirements-0-min_leadership_years": "0",
            "requirements-0-kind": Requirement.Kind.CERTIFICATION,
            "requirements-0-importance": Requirement.Importance.PREFERRED,
            "_publish": "Save and publish",
        }
    )

    client.post(change_url(posting), data)

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    assert posting.requirements.filter(text="Neuro-IFRAH certification preferred", source=None).exists()


# --- refusing the impossible, warning on the unusual ------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"salary_min": "2400", "salary_max": "2600", "salary_unit": "hour"}, "$2,400 an hour is more than any OT"),
        ({"salary_min": "5", "salary_max": "6", "salary_unit": "hour"}, "below the federal minimum wage"),
        ({"salary_min": "45", "salary_max": "55", "salary_unit": "year"}, "Is it an hourly figure?"),
    ],
)
def test_impossible_pay_is_refused_with_what_to_fix(admin_client, catalog, changes, message):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data.update(changes)

    response = admin_client.post(change_url(posting), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    posting.refresh_from_db()
    assert posting.salary_min == Decimal("78000")


def test_a_start_date_in_the_past_is_refused(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data["start_date"] = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()

    response = admin_client.post(change_url(posting), data)

    assert "The start date cannot be in the past" in response.content.decode()
    posting.refresh_from_db()
    assert posting.start_date > timezone.localdate()


def test_unusual_pay_and_a_far_start_are_saved_with_a_warning(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"])
    data = form_data(admin_client.get(change_url(posting)))
    data.update(salary_min="150", salary_max="180", salary_unit="hour")
    data["start_date"] = (timezone.localdate() + datetime.timedelta(days=500)).isoformat()

    response = admin_client.post(change_url(posting), data, follow=True)

    posting.refresh_from_db()
    assert posting.salary_min == Decimal("150")
    notes = " ".join(messages_of(response))
    assert "The pay minimum, $150 an hour, is above what OT postings usually pay" in notes
    assert "more than a year away" in notes


# --- drafts: saying so, previewing, duplicating -----------------------------------------------------


def test_a_new_posting_saved_says_it_is_a_draft_nobody_sees_with_publish_beside_it(admin_client, catalog):
    add = reverse("admin:postings_jobposting_add")
    data = form_data(admin_client.get(add))
    data.update(
        level=str(catalog["senior-ot"].pk),
        title="Senior OT, Burn Unit",
        setting=str(CareSetting.objects.first().pk),
        location=str(LocationFactory().pk),
        description="Burn unit.",
        salary_min="80000",
        salary_max="90000",
        salary_unit="year",
        employment_type="full_time",
        work_mode="on_site",
        openings="1",
        _save="Save",
    )
    data.pop("hiring_managers")

    response = admin_client.post(add, data, follow=True)

    posting = JobPosting.objects.get(title="Senior OT, Burn Unit")
    assert posting.status == JobPosting.Status.DRAFT
    assert response.redirect_chain[-1][0] == change_url(posting)
    notes = " ".join(messages_of(response))
    assert "was saved as a draft: nobody can see it or apply until it is published" in notes
    assert "added successfully" not in notes
    page = response.content.decode()
    assert 'class="submit-row posting-draft-notice"' in page
    notice = page[page.index("posting-draft-notice") :][:600]
    assert 'name="_publish" value="Save and publish"' in notice
    assert f'href="{posting.get_absolute_url()}"' in notice


def test_a_draft_previews_as_the_public_page_for_staff_only(admin_client, client, catalog):
    draft = JobPostingFactory(level=catalog["senior-ot"], title="Draft Senior OT")

    preview = admin_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Draft preview: candidates cannot see this posting" in preview.content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_duplicate_makes_a_draft_of_the_same_opening_and_opens_it(admin_client, catalog, manager):
    original = PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior OT, Hand Therapy",
        requirements=[("CHT or progress towards it", Requirement.Importance.PREFERRED)],
        start_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    original.hiring_managers.add(manager)

    response = admin_client.post(
        CHANGELIST, {"action": "duplicate_selected", "_selected_action": [original.pk]}, follow=True
    )

    copy = JobPosting.objects.exclude(pk=original.pk).get(title="Senior OT, Hand Therapy")
    assert response.redirect_chain[-1][0] == change_url(copy)
    assert copy.status == JobPosting.Status.DRAFT
    assert (copy.level, copy.setting, copy.location, copy.salary_min) == (
        original.level,
        original.setting,
        original.location,
        original.salary_min,
    )
    assert copy.start_date is None  # already past
    assert list(copy.hiring_managers.all()) == [manager]
    assert [item.text for item in copy.requirements.all()] == ["CHT or progress towards it"]
    assert original.requirements.count() > 1  # the level's, copied on publishing, come again when the copy is


def test_a_posting_from_before_kits_gets_its_levels_kit_from_the_admin_action(admin_client, catalog):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"])
    posting.interview_kit.all().delete()
    draft = JobPostingFactory(level=catalog["mid-level-ot"])

    response = admin_client.post(
        reverse("admin:postings_jobposting_changelist"),
        {"action": "copy_interview_kit", "_selected_action": [posting.pk, draft.pk]},
        follow=True,
    )

    assert posting.interview_kit.count() == 5 and not draft.interview_kit.exists()
    assert any("Copied the interview kit into 1 posting" in note for note in messages_of(response))
    page = admin_client.get(change_url(posting)).content.decode()
    assert "Functional evaluation and goal setting" in page and 'name="interview_kit-0-focus"' not in page
