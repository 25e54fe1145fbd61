from django.urls import path

from parley.stand import views

app_name = "stand"

urlpatterns = [
    path("d/<slug:slug>/me/stand/", views.stand, name="stand"),
]
