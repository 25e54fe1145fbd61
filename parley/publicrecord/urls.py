from django.urls import path

from parley.checkpoints import urls as checkpoint_urls
from parley.publicrecord import bundle_views, feeds, views

app_name = "publicrecord"

urlpatterns = [
    path("d/<slug:slug>/record/", views.record, name="record"),
    path("d/<slug:slug>/record.atom", feeds.record_feed, name="feed"),
    path("d/<slug:slug>/record/bundle.zip", bundle_views.bundle, name="bundle"),
    *checkpoint_urls.urlpatterns,
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/record/", views.api_entries, name="api_record"),
    path("dialogues/<slug:slug>/record/<int:seq>/proof/", views.api_proof, name="api_proof"),
    *checkpoint_urls.api_urlpatterns,
    path("dialogues/<slug:slug>/consistency/", views.api_consistency, name="api_consistency"),
]
