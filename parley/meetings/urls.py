from django.urls import path

from parley.meetings import api, views

app_name = "meetings"

urlpatterns = [
    path("d/<slug:slug>/meetings/", views.meeting_list, name="list"),
    path("d/<slug:slug>/meetings/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("d/<slug:slug>/meetings/<int:meeting_id>/controls/", views.meeting_controls, name="controls"),
    path("d/<slug:slug>/meetings/<int:meeting_id>/projector/", views.projector, name="projector"),
    path("d/<slug:slug>/meetings/<int:meeting_id>/projector/live/", views.projector_live, name="live"),
    path("d/<slug:slug>/meetings/<int:meeting_id>/<str:what>/", views.meeting_act, name="act"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/meetings/", api.meeting_list, name="api_meeting_list"),
    path("dialogues/<slug:slug>/meetings/<int:meeting_id>/", api.meeting_detail, name="api_meeting"),
]
