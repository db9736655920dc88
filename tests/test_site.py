from django.urls import reverse


def test_home_page_links_the_ladder(client, catalog):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert catalog["senior-ot"].get_absolute_url() in response.content.decode()


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
