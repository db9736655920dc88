import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    ["admin:roles_rolelevel_changelist", "admin:roles_requirement_changelist", "admin:roles_occupation_changelist"],
)
def test_catalog_lists_load_for_an_admin(client, admin_user, catalog, name):
    client.force_login(admin_user)
    assert client.get(reverse(name), {"q": "NBCOT"}).status_code == 200


def test_level_edit_page_shows_items_inline(client, admin_user, catalog):
    client.force_login(admin_user)
    level = catalog["rehabilitation-services-manager"]

    response = client.get(reverse("admin:roles_rolelevel_change", args=[level.pk]))

    assert response.status_code == 200
    assert "Budgeting and staffing oversight experience" in response.content.decode()


def test_requirements_filter_by_kind_and_importance(client, admin_user, catalog):
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:roles_requirement_changelist"),
        {"kind__exact": "certification", "importance__exact": "preferred"},
    )
    assert response.status_code == 200
    assert "CPR certification may be required depending on setting" in response.content.decode()
    assert "NBCOT certification and state licensure required" not in response.content.decode()


def test_admin_edit_of_a_level_saves(client, admin_user, catalog):
    client.force_login(admin_user)
    level = catalog["entry-level-ot"]
    url = reverse("admin:roles_rolelevel_change", args=[level.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data["overview"] = "Join a team that trains you from day one."
    for prefix, manager in (("responsibilities", level.responsibilities), ("requirements", level.requirements)):
        items = list(manager.all())
        data.update({f"{prefix}-TOTAL_FORMS": len(items), f"{prefix}-INITIAL_FORMS": len(items)})
        for i, item in enumerate(items):
            data.update(
                {f"{prefix}-{i}-id": item.pk, f"{prefix}-{i}-text": item.text, f"{prefix}-{i}-position": item.position}
            )
            if prefix == "requirements":
                data.update({f"{prefix}-{i}-kind": item.kind, f"{prefix}-{i}-importance": item.importance})
                data.update(
                    {
                        f"{prefix}-{i}-{name}": getattr(item, name)
                        for name in ("check_kind", "min_years", "min_leadership_years", "specialties")
                    }
                )

    kit = list(level.interview_questions.all())
    data.update({"interview_questions-TOTAL_FORMS": len(kit), "interview_questions-INITIAL_FORMS": len(kit)})
    for i, item in enumerate(kit):
        data.update(
            {
                f"interview_questions-{i}-id": item.pk,
                f"interview_questions-{i}-position": item.position,
                f"interview_questions-{i}-focus": item.focus,
                f"interview_questions-{i}-question": item.question,
            }
        )
    data["interview_questions-0-question"] = "Walk us through your first evaluation on our unit."

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    level.refresh_from_db()
    assert level.overview == "Join a team that trains you from day one."
    assert level.interview_questions.first().question == "Walk us through your first evaluation on our unit."
