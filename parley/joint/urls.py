from django.urls import path

from parley.joint import api, views

app_name = "joint"

urlpatterns = [
    path("d/<slug:slug>/joint/", views.joint_list, name="list"),
    path("d/<slug:slug>/joint/new/", views.joint_new, name="new"),
    path("d/<slug:slug>/joint/<int:joint_id>/", views.joint_detail, name="detail"),
    path("d/<slug:slug>/joint/<int:joint_id>/versions/", views.joint_versions, name="versions"),
    path("d/<slug:slug>/joint/<int:joint_id>/canonical.json", views.joint_canonical, name="canonical"),
    path("d/<slug:slug>/joint/<int:joint_id>/my-receipt.json", views.joint_receipt, name="receipt"),
    path("d/<slug:slug>/joint/<int:joint_id>/statement.pdf", views.joint_pdf, name="pdf"),
    path("d/<slug:slug>/joint/<int:joint_id>/<str:what>/", views.joint_act, name="act"),
    path(
        "d/<slug:slug>/joint/<int:joint_id>/amendments/<int:amendment_id>/<str:decision>/",
        views.joint_answer,
        name="answer",
    ),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/joint/", api.joint_list, name="api_joint_list"),
    path("dialogues/<slug:slug>/joint/<int:joint_id>/", api.joint_detail, name="api_joint"),
]
