from django.urls import path

from parley.governance import views

app_name = "governance"

urlpatterns = [
    path("d/<slug:slug>/proposals/", views.proposals_page, name="proposals"),
    path("d/<slug:slug>/proposals/new/", views.propose, name="propose"),
    path(
        "d/<slug:slug>/proposals/<int:proposal_id>/<str:decision>/",
        views.decide,
        name="decide",
    ),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/proposals/", views.proposals_page, name="api_proposals"),
]
