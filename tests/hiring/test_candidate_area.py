"""The candidate's interviews and offers in their own area: on the application's page and a line in their list."""

import re
import zoneinfo

import pytest
from django.urls import reverse

from applications.models import Application
from hiring import interviews, offers
from hiring.interviews import local_label
from hiring.models import Note
from tests.factories import ApplicationFactory, LocationFactory, PublishedPostingFactory, verify_for_hire

from .conftest import page_text
from .interview_helpers import held, in_days, propose
from .test_offers import days, terms

pytestmark = pytest.mark.django_db

LIST_URL = reverse("applications:application_list")
HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")


def interviewed(application, manager):
    for stage in (Application.Stage.SCREENING, Application.Stage.INTERVIEW):
        application.move_to(stage, by=manager)
    return application


def sent_offer(application, manager, **changes):
    """An offer sent to the candidate of `application`, after its interview stage and its credentials verified."""
    interviewed(application, manager)
    verify_for_hire(application, by=manager)
    offer = offers.draft(application, by=manager, **terms(**changes))
    offers.send(offer, by=manager)
    offer.refresh_from_db()
    return offer


def link_of(html, text):
    """The address of the link reading `text`."""
    return re.search(rf'href="([^"]+)"[^>]*>{re.escape(text)}</a>', html).group(1)


def token_of(link):
    return link.rstrip("/").split("/")[-1]


def honolulu_application(manager, candidate):
    location = LocationFactory(city="Honolulu", state="HI", zip_code="96813")
    posting = PublishedPostingFactory(location=location, hiring_managers=[manager])
    return ApplicationFactory(posting=posting, candidate=candidate)


# --- The application's page ---------------------------------------------------------------------------


def test_proposed_times_show_as_a_link_to_choose_one(client, application, manager, candidate):
    interview = propose(application, manager, [in_days(3), in_days(4)])
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "Your interviews" in page
    assert "Video call" in page and "the hiring team proposed times" in page
    link = link_of(page, "Choose a time")
    assert interviews.interview_from_link(token_of(link)) == interview.pk
    assert "Pick a time" in page_text(client.get(link))


def test_a_booked_interview_shows_its_time_where_the_facility_is(client, manager, candidate):
    application = honolulu_application(manager, candidate)
    at_ten = in_days(3, hour=10, zone=HONOLULU)
    propose(application, manager, [at_ten], kind="on_site")
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "On site at the facility" in page
    assert f'booked for <time datetime="{at_ten.isoformat()}" class="zoned-time">' in page
    assert local_label(at_ten, HONOLULU) in page and "10:00 AM HST" in page
    assert "Details, or cancel" in page


def test_held_and_cancelled_interviews_say_so_without_a_time_to_choose(client, application, manager, candidate):
    held(propose(application, manager, [in_days(2)]))
    later = propose(application, manager, [in_days(5)])
    interviews.cancel(later, by=manager, reason="The schedule changed")
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "held <time" in page
    assert "cancelled: “The schedule changed”" in page
    assert "Choose a time" not in page


def test_a_sent_offer_links_to_its_page_to_answer_it(client, application, manager, candidate):
    offer = sent_offer(application, manager, expires_on=days(7))
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "Your offers" in page and "waiting for your answer until" in page
    link = link_of(page, "Read and answer the offer")
    assert offers.offer_from_link(token_of(link)) == offer.pk
    assert "Accept the offer" in page_text(client.get(link))


def test_an_answered_offer_says_when(client, application, manager, candidate):
    offer = sent_offer(application, manager)
    offers.decline(offer, by=candidate, reason="Accepted another position")
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "you declined it on" in page and "Read the offer" in page
    assert "Read and answer the offer" not in page


def test_an_offer_not_sent_yet_is_not_shown(client, application, manager, candidate):
    offers.draft(interviewed(application, manager), by=manager, **terms())
    client.force_login(candidate)

    page = page_text(client.get(application.get_absolute_url()))

    assert "Your offers" not in page


def test_internal_notes_never_show_beside_the_interviews(client, application, manager, candidate):
    propose(application, manager, [in_days(3)])
    Note.objects.create(application=application, author=manager, body="Internal: ask about the gap in 2024")
    client.force_login(candidate)

    for url in (application.get_absolute_url(), LIST_URL):
        assert "ask about the gap" not in client.get(url).content.decode()


def test_nothing_is_added_to_an_application_without_interviews_or_offers(client, application, candidate):
    client.force_login(candidate)
    page = page_text(client.get(application.get_absolute_url()))
    assert "Your interviews" not in page and "Your offers" not in page


@pytest.mark.parametrize("count", [1, 4])
def test_the_application_page_runs_the_same_queries_whatever_the_number_of_interviews(
    client, application, manager, candidate, count, django_assert_num_queries
):
    for number in range(count):
        propose(application, manager, [in_days(3 + number)])
    client.force_login(candidate)

    # session, user, application with posting and location, answers, timeline, interviews, offers
    with django_assert_num_queries(7):
        response = client.get(application.get_absolute_url())

    assert page_text(response).count("booked for") == count


# --- The list -----------------------------------------------------------------------------------------


def test_the_list_says_what_each_application_waits_for(client, manager, candidate):
    booked = honolulu_application(manager, candidate)
    at_ten = in_days(3, hour=10, zone=HONOLULU)
    propose(booked, manager, [at_ten])
    to_choose = ApplicationFactory(posting=PublishedPostingFactory(hiring_managers=[manager]), candidate=candidate)
    propose(to_choose, manager, [in_days(3), in_days(4)])
    offered = ApplicationFactory(posting=PublishedPostingFactory(hiring_managers=[manager]), candidate=candidate)
    propose(offered, manager, [in_days(2)])
    offer = sent_offer(offered, manager)
    quiet = ApplicationFactory(posting=PublishedPostingFactory(), candidate=candidate)
    client.force_login(candidate)

    page = page_text(client.get(LIST_URL))

    def card(application):
        return page.split(f'id="application-{application.pk}"')[1].split("</article>")[0]

    assert "Interview booked" in card(booked) and local_label(at_ten, HONOLULU) in card(booked)
    link = link_of(card(booked), "Interview booked")
    assert interviews.interview_from_link(token_of(link)) == booked.interviews.get().pk
    assert "Interview: choose a time" in card(to_choose)
    # The offer is what the candidate must act on; their interview is behind them.
    assert "Offer waiting for your answer" in card(offered) and "Interview" not in card(offered)
    assert offers.offer_from_link(token_of(link_of(card(offered), "Offer waiting for your answer"))) == offer.pk
    assert "application-news" not in card(quiet)


def test_the_list_leaves_out_interviews_over_or_cancelled_and_offers_expired(client, application, manager, candidate):
    held(propose(application, manager, [in_days(2)]))
    interviews.cancel(propose(application, manager, [in_days(4), in_days(5)]), by=manager, reason="Filled")
    offer = sent_offer(application, manager)
    type(offer).objects.filter(pk=offer.pk).update(expires_on=days(-1))
    client.force_login(candidate)

    assert "application-news" not in page_text(client.get(LIST_URL))


def test_the_list_shows_no_one_elses_interviews(client, application, manager, other_candidate, other_posting):
    propose(application, manager, [in_days(3)])
    ApplicationFactory(posting=other_posting, candidate=other_candidate)
    client.force_login(other_candidate)

    assert "Interview booked" not in page_text(client.get(LIST_URL))


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_runs_the_same_queries_whatever_the_number_of_interviews_and_offers(
    client, manager, candidate, count, django_assert_num_queries
):
    for number in range(count):
        booked = ApplicationFactory(posting=PublishedPostingFactory(hiring_managers=[manager]), candidate=candidate)
        propose(booked, manager, [in_days(3, hour=8 + number)])
        to_choose = ApplicationFactory(posting=PublishedPostingFactory(hiring_managers=[manager]), candidate=candidate)
        propose(to_choose, manager, [in_days(4, hour=8 + number), in_days(5, hour=8 + number)])
        sent_offer(ApplicationFactory(posting=PublishedPostingFactory(), candidate=candidate), manager)
    client.force_login(candidate)

    # session, user, count, applications with posting and location, answers, offers waiting, interviews to come
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)

    page = page_text(response)
    assert page.count("Interview booked") == page.count("choose a time") == page.count("Offer waiting") == count
