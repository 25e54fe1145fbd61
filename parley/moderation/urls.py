from django.urls import path

from parley.moderation import api, views

app_name = "moderation"

urlpatterns = [
    path("d/<slug:slug>/moderation/", views.moderation_page, name="log"),
    path("d/<slug:slug>/moderation/queue/", views.queue_page, name="queue"),
    path("d/<slug:slug>/moderation/flag/", views.flag, name="flag"),
    path("d/<slug:slug>/moderation/hold/", views.hold, name="hold"),
    path("d/<slug:slug>/moderation/flags/<int:statement_id>/dismiss/", views.dismiss, name="dismiss"),
    path("d/<slug:slug>/moderation/holds/<int:hold_id>/<str:decision>/", views.decide, name="decide"),
    path("d/<slug:slug>/moderation/appeals/<int:appeal_id>/<str:answer>/", views.answer, name="answer"),
    path("d/<slug:slug>/moderation/appeal/<int:statement_id>/", views.appeal, name="appeal"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/moderation/", api.moderation, name="api_moderation"),
]
