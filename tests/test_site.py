from django.urls import reverse, set_script_prefix


def test_home_page_links_the_ladder(client, catalog):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert catalog["senior-ot"].get_absolute_url() in response.content.decode()


def test_home_page_counts_open_positions_by_setting(client, posting, other_posting):
    html = client.get(reverse("portal:home")).content.decode()

    assert "See 2 open positions" in html
    assert f"?setting={posting.setting.slug}" in html
    assert posting.get_absolute_url() in html


def test_home_page_runs_a_fixed_number_of_queries(client, catalog, django_assert_num_queries):
    from tests.factories import PublishedPostingFactory

    PublishedPostingFactory()
    # the board's version, open counts by setting, the settings, the newest three, the levels
    with django_assert_num_queries(5):
        client.get(reverse("portal:home"))
    PublishedPostingFactory.create_batch(4)
    with django_assert_num_queries(5):
        client.get(reverse("portal:home"))
    # Again with the board unchanged: the openings come from the cache.
    with django_assert_num_queries(2):
        client.get(reverse("portal:home"))


def test_the_home_page_counts_a_posting_as_soon_as_it_is_published(client, catalog):
    from tests.factories import PublishedPostingFactory

    PublishedPostingFactory()
    assert "See 1 open position" in client.get(reverse("portal:home")).content.decode()

    PublishedPostingFactory(title="Hand therapy OT, just published")

    page = client.get(reverse("portal:home")).content.decode()
    assert "See 2 open positions" in page
    assert "Hand therapy OT, just published" in page


def test_pages_carry_a_strict_content_security_policy(client, catalog):
    response = client.get(reverse("roles:role_list"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_the_frame_links_under_the_address_the_site_is_served_at(client, catalog):
    # The header's and footer's addresses are reversed once per process (portal/links.py): once under each prefix.
    # (Django's test client leaves the prefix alone; a WSGI server sets it from SCRIPT_NAME, as here.)
    set_script_prefix("/careers/")
    try:
        served_under_a_path = client.get("/account/sign-in/").content.decode()
    finally:
        set_script_prefix("/")
    served_at_the_root = client.get("/account/sign-in/").content.decode()

    assert 'href="/careers/roles/"' in served_under_a_path and 'href="/careers/account/sign-in/"' in served_under_a_path
    assert 'href="/roles/"' in served_at_the_root and 'href="/account/sign-in/"' in served_at_the_root
