from django.urls import reverse


def test_ladder_shows_the_five_levels_in_order(client, catalog):
    response = client.get(reverse("roles:role_list"))

    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") :]
    titles = [level.title for level in sorted(catalog.values(), key=lambda level: level.rank)]
    positions = [main.index(title) for title in titles]
    assert positions == sorted(positions)
    assert html.count("<h1") == 1
    assert "6+ years, 2+ years leading" in html
    assert "8+ years, 3+ years leading" in html
    assert "$92,577" in html


def test_ladder_runs_a_fixed_number_of_queries(client, catalog, django_assert_num_queries):
    # levels, their responsibilities, their requirements, the board's version, their open postings, the occupation
    # and its two item lists
    with django_assert_num_queries(8):
        client.get(reverse("roles:role_list"))
