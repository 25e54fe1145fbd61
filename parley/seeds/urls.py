from django.urls import path

from parley.seeds import views

app_name = "seeds"

urlpatterns = [
    path("d/<slug:slug>/manage/seeds/", views.upload, name="upload"),
    path("d/<slug:slug>/manage/seeds/template.csv", views.template_csv, name="template"),
]
