from django.urls import path

from parley.governance import joint_views, views

app_name = "governance"

urlpatterns = [
    path("d/<slug:slug>/proposals/", views.proposals_page, name="proposals"),
    path("d/<slug:slug>/proposals/new/", views.propose, name="propose"),
    path(
        "d/<slug:slug>/proposals/<int:proposal_id>/<str:decision>/",
        views.decide,
        name="decide",
    ),
    path("d/<slug:slug>/joint/", joint_views.joint_list, name="joint_list"),
    path("d/<slug:slug>/joint/new/", joint_views.joint_new, name="joint_new"),
    path("d/<slug:slug>/joint/<int:joint_id>/", joint_views.joint_detail, name="joint"),
    path("d/<slug:slug>/joint/<int:joint_id>/versions/", joint_views.joint_versions, name="joint_versions"),
    path("d/<slug:slug>/joint/<int:joint_id>/canonical.json", joint_views.joint_canonical, name="joint_canonical"),
    path("d/<slug:slug>/joint/<int:joint_id>/<str:what>/", joint_views.joint_act, name="joint_act"),
    path(
        "d/<slug:slug>/joint/<int:joint_id>/amendments/<int:amendment_id>/<str:decision>/",
        joint_views.joint_answer,
        name="joint_answer",
    ),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/proposals/", views.proposals_page, name="api_proposals"),
]
