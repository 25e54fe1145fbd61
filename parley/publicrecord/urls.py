from django.urls import path

from parley.checkpoints import urls as checkpoint_urls
from parley.publicrecord import views

app_name = "publicrecord"

urlpatterns = [
    path("d/<slug:slug>/record/", views.record, name="record"),
    *checkpoint_urls.urlpatterns,
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/record/", views.api_entries, name="api_record"),
    path("dialogues/<slug:slug>/record/<int:seq>/proof/", views.api_proof, name="api_proof"),
    *checkpoint_urls.api_urlpatterns,
    path("dialogues/<slug:slug>/consistency/", views.api_consistency, name="api_consistency"),
]
