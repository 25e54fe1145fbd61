from django.urls import path

from parley.proposals import api, glossary_views, views

app_name = "proposals"

urlpatterns = [
    path("d/<slug:slug>/proposals/", views.proposals_page, name="proposals"),
    path("d/<slug:slug>/proposals/new/", views.propose, name="propose"),
    path(
        "d/<slug:slug>/proposals/<int:proposal_id>/<str:decision>/",
        views.decide,
        name="decide",
    ),
    path("d/<slug:slug>/glossary/", glossary_views.glossary_page, name="glossary"),
    path("d/<slug:slug>/write/glossary/", glossary_views.glossary_hint, name="glossary_hint"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/proposals/", api.proposals, name="api_proposals"),
    path("dialogues/<slug:slug>/glossary/", api.glossary, name="api_glossary"),
]
