"""The checkpoints' URLs: included by `parley.publicrecord.urls`, so they keep the `publicrecord:` names."""

from django.urls import path

from parley.checkpoints import views

urlpatterns = [
    path("d/<slug:slug>/record/checkpoints/", views.checkpoints, name="checkpoints"),
    path("d/<slug:slug>/record/checkpoints/<int:checkpoint_id>/body.txt", views.checkpoint_body, name="body"),
    path("d/<slug:slug>/record/sign/", views.signing_page, name="signing"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/checkpoints/", views.api_checkpoints, name="api_checkpoints"),
]
