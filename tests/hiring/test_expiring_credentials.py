"""The recruiters' list of credentials expiring in the next 90 days: filters, CSV, a fixed number of queries."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory
from tests.hiring.conftest import page_text

TODAY = timezone.localdate()
FAR = TODAY + datetime.timedelta(days=900)


def _applicant(posting, state="TX", days=20, name="Lee Licensed"):
    candidate = CandidateFactory(
        full_name=name,
        profile__licenses=[(state, f"OT-{state}-77", TODAY + datetime.timedelta(days=days))],
        profile__nbcot_expires_on=FAR,
        profile__cpr_bls_expires_on=TODAY + datetime.timedelta(days=45),
    )
    return ApplicationFactory(posting=posting, candidate=candidate)


def test_a_recruiter_sees_every_credential_expiring_soonest_first(client, recruiter, posting):
    _applicant(posting, "TX", 20, "Tess Texas")
    _applicant(posting, "CO", 5, "Cole Colorado")
    client.force_login(recruiter)

    page = page_text(client.get(reverse("hiring:expiring_credentials")))

    assert page.index("Cole Colorado") < page.index("Tess Texas") < page.rindex("CPR/BLS")
    assert "4 credentials." in page and "OT-CO-77" in page


def test_the_list_filters_by_state_and_kind(client, recruiter, posting):
    _applicant(posting, "TX", 20, "Tess Texas")
    _applicant(posting, "CO", 5, "Cole Colorado")
    client.force_login(recruiter)

    texas = page_text(client.get(reverse("hiring:expiring_credentials"), {"state": "TX"}))
    cpr = page_text(client.get(reverse("hiring:expiring_credentials"), {"kind": "cpr_bls"}))
    bad = client.get(reverse("hiring:expiring_credentials"), {"state": "ZZ", "kind": "<x>"})

    assert "Tess Texas" in texas and "Cole Colorado" not in texas and "1 credential." in texas
    assert "2 credentials." in cpr and "OT-TX-77" not in cpr
    assert bad.status_code == 200 and "4 credentials." in page_text(bad)


def test_the_csv_has_the_same_rows(client, recruiter, posting):
    _applicant(posting, "TX", 20, "=HYPERLINK(1)")
    client.force_login(recruiter)

    response = client.get(reverse("hiring:expiring_credentials_csv"), {"kind": "license"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith('"Name","Email","Credential"')
    assert lines[1].startswith('"\'=HYPERLINK(1)"') and '"TX OT license"' in lines[1] and '"20"' in lines[1]
    assert len(lines) == 2


def test_hiring_managers_get_a_404(client, manager):
    client.force_login(manager)

    assert client.get(reverse("hiring:expiring_credentials")).status_code == 404
    assert client.get(reverse("hiring:expiring_credentials_csv")).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, recruiter, posting, django_assert_num_queries):
    client.force_login(recruiter)
    client.get(reverse("hiring:expiring_credentials"))
    for size in (2, 30):
        for _ in range(size):
            _applicant(posting)
        # session, user with their reviewer groups, then for each kind (licenses, NBCOT, CPR/BLS) its count and its page
        with django_assert_num_queries(8):
            client.get(reverse("hiring:expiring_credentials"))


def test_the_pages_follow_each_other_by_position_both_ways(client, recruiter, posting, monkeypatch):
    from hiring import verification_pages

    monkeypatch.setattr(verification_pages, "PAGE_SIZE", 2)
    for days, name in ((3, "Ann"), (4, "Bea"), (5, "Cal")):
        candidate = CandidateFactory(
            full_name=name,
            profile__licenses=[("TX", f"OT-{name}", TODAY + datetime.timedelta(days=days))],
            profile__nbcot_expires_on=FAR,
            profile__cpr_bls_expires_on=TODAY + datetime.timedelta(days=days + 60),
        )
        ApplicationFactory(posting=posting, candidate=candidate)
    client.force_login(recruiter)
    url = reverse("hiring:expiring_credentials")

    def names(response):
        return [item.name for item, _ in response.context["items"]]

    pages = [client.get(url, {"state": ""})]
    while pages[-1].context["page"].next:
        pages.append(client.get(url, {"after": pages[-1].context["page"].next}))
    back = client.get(url, {"before": pages[-1].context["page"].previous})

    assert [names(page) for page in pages] == [["Ann", "Bea"], ["Cal", "Ann"], ["Bea", "Cal"]]
    assert [item.label for item, _ in pages[1].context["items"]] == ["TX OT license", "CPR/BLS"]
    assert names(back) == ["Cal", "Ann"] and back.context["page"].previous and back.context["page"].next
    assert not pages[0].context["page"].previous
    assert "6 credentials." in page_text(pages[0])


def test_an_edited_page_link_shows_the_first_page(client, recruiter, posting):
    _applicant(posting, "TX", 20, "Tess Texas")
    client.force_login(recruiter)

    for position in ("2027-13-01.license.TX.1", "garbage", "2027-01-01.secret.TX.1", "2027-01-01.license.TX.x"):
        response = client.get(reverse("hiring:expiring_credentials"), {"after": position})
        assert response.status_code == 200 and "Tess Texas" in page_text(response)


def test_past_a_thousand_the_page_says_more_than_and_stops_counting(client, recruiter, posting, monkeypatch):
    from verification import expiry

    monkeypatch.setattr(expiry, "COUNTED", 3)
    _applicant(posting, "TX", 20, "Tess Texas")
    _applicant(posting, "CO", 5, "Cole Colorado")
    client.force_login(recruiter)

    page = page_text(client.get(reverse("hiring:expiring_credentials")))

    assert "More than 3 credentials: narrow the list by state or credential" in page
