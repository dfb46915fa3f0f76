from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("rapport/", views.report, name="report"),
    path("export/<slug:table>.csv", views.export, name="export"),
]
