from django.urls import path

from parley.notifications import api, feeds, views

app_name = "notifications"

urlpatterns = [
    path("d/<slug:slug>/awaiting/", views.awaiting_page, name="awaiting"),
    path("d/<slug:slug>/notifications/", views.settings_page, name="settings"),
    path("d/<slug:slug>/new-statements/", views.new_statements_toggle, name="new_statements"),
    path("d/<slug:slug>/new-statements/<str:token>.atom", feeds.new_statements_feed, name="feed"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/awaiting/", api.awaiting_api, name="api_awaiting"),
]
