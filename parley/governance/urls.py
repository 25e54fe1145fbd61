from django.urls import path

from parley.governance import glossary_views, moderation_views, views

app_name = "governance"

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
    path("d/<slug:slug>/moderation/", moderation_views.moderation_page, name="moderation"),
    path("d/<slug:slug>/moderation/queue/", moderation_views.queue_page, name="moderation_queue"),
    path("d/<slug:slug>/moderation/flag/", moderation_views.flag, name="moderation_flag"),
    path("d/<slug:slug>/moderation/hold/", moderation_views.hold, name="moderation_hold"),
    path(
        "d/<slug:slug>/moderation/flags/<int:statement_id>/dismiss/",
        moderation_views.dismiss,
        name="moderation_dismiss",
    ),
    path(
        "d/<slug:slug>/moderation/holds/<int:hold_id>/<str:decision>/",
        moderation_views.decide,
        name="moderation_decide",
    ),
    path(
        "d/<slug:slug>/moderation/appeals/<int:appeal_id>/<str:answer>/",
        moderation_views.answer,
        name="moderation_answer",
    ),
    path(
        "d/<slug:slug>/moderation/appeal/<int:statement_id>/",
        moderation_views.appeal,
        name="moderation_appeal",
    ),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/proposals/", views.proposals_page, name="api_proposals"),
    path("dialogues/<slug:slug>/moderation/", moderation_views.moderation_page, name="api_moderation"),
    path("dialogues/<slug:slug>/glossary/", glossary_views.glossary_page, name="api_glossary"),
]
