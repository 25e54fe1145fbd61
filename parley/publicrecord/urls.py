from django.urls import path

from parley.publicrecord import views

app_name = "publicrecord"

urlpatterns = [
    path("d/<slug:slug>/record/", views.record, name="record"),
    path("d/<slug:slug>/record/checkpoints/", views.checkpoints, name="checkpoints"),
    path("d/<slug:slug>/record/checkpoints/<int:checkpoint_id>/body.txt", views.checkpoint_body, name="body"),
    path("d/<slug:slug>/record/sign/", views.signing_page, name="signing"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/record/", views.api_entries, name="api_record"),
    path("dialogues/<slug:slug>/record/<int:seq>/proof/", views.api_proof, name="api_proof"),
    path("dialogues/<slug:slug>/checkpoints/", views.api_checkpoints, name="api_checkpoints"),
    path("dialogues/<slug:slug>/consistency/", views.api_consistency, name="api_consistency"),
]
