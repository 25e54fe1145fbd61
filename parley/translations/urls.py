from django.urls import path

from parley.translations import api, views

app_name = "translations"

urlpatterns = [
    path("d/<slug:slug>/translations/", views.queue_page, name="queue"),
    path("d/<slug:slug>/translations/propose/", views.propose, name="propose"),
    path("d/<slug:slug>/translations/review/", views.review, name="review"),
    path("d/<slug:slug>/translations/dispute/", views.dispute, name="dispute"),
    path("d/<slug:slug>/translations/translators/", views.appoint, name="appoint"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/translations/", api.translation_queue, name="api_translations"),
]
