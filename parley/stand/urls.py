from django.urls import path

from parley.stand import api, views

app_name = "stand"

urlpatterns = [
    path("d/<slug:slug>/me/stand/", views.stand, name="stand"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/me/stand/", api.stand, name="api_stand"),
]
