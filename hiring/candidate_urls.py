from django.urls import path

from . import candidate_views

app_name = "candidate"

# The candidate's interviews and offers, reached from signed links in their emails. Mounted at /account/.
urlpatterns = [
    path("interviews/<str:token>/", candidate_views.interview, name="interview"),
    path("offers/<str:token>/", candidate_views.offer, name="offer"),
    path("offers/<str:token>/letter.pdf", candidate_views.offer_letter_pdf, name="offer_letter_pdf"),
]
