from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import feeds, views


class PostingSlugConverter(SlugConverter):
    """A posting's slug, but never a word the apply pages use below /jobs/<pk>/.

    /jobs/ is included before the applications URLs, so without this
    /jobs/<pk>/apply/ would be taken for a posting whose slug is "apply".
    Raising ValueError makes Django try the next pattern.
    """

    reserved = {"apply"}

    def to_python(self, value):
        if value in self.reserved:
            raise ValueError(f"{value!r} is not a posting slug")
        return value


register_converter(PostingSlugConverter, "posting_slug")

app_name = "postings"

# Public and stable: people bookmark and share these, aggregators poll the feeds.
urlpatterns = [
    path("", views.board, name="board"),
    path("feed/", feeds.rss_feed, name="feed_rss"),
    path("feed/indeed.xml", feeds.indeed_feed, name="feed_indeed"),
    path("<int:pk>/", views.posting_redirect, name="posting_redirect"),
    path("<int:pk>/<posting_slug:slug>/", views.posting_detail, name="posting_detail"),
]
