from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mois/", views.current_month, name="current_month"),
    path("mois/<int:year>/<int:month>/", views.month, name="month"),
    path("mon-agenda/", views.my_calendar, name="mine"),
    path("mon-agenda/flux/", views.feed_token, name="feed_token"),
    path("flux/<str:token>.ics", views.personal_feed, name="feed"),
    path("flux/<str:token>/<slug:slug>.ics", views.province_feed, name="province_feed"),
    path("nouveau/", views.event_form, name="event_new"),
    path("taux-de-presence/", views.attendance_rates, name="attendance_rates"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/modifier/", views.event_form, name="event_edit"),
    path("<int:pk>/statut/", views.event_status, name="event_status"),
    path("<int:pk>/evenement.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/inscription/", views.register, name="register"),
    path("<int:pk>/desinscription/", views.unregister, name="unregister"),
    path("<int:pk>/compte-rendu/", views.minutes, name="minutes"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_file, name="document"),
    path("<int:pk>/documents/<int:document_pk>/supprimer/", views.delete_document,
         name="delete_document"),
    path("<int:pk>/inscrits/", views.registrants, name="registrants"),
    path("<int:pk>/inscrits/<int:registration_pk>/annuler/", views.cancel_someone,
         name="cancel_someone"),
    path("<int:pk>/inscrits.csv", views.export_registrants, name="export_registrants"),
    path("<int:pk>/presences.csv", views.export_attendance, name="export_attendance"),
    path("<int:pk>/seances/<int:session_pk>/presences/", views.attendance, name="attendance"),
]
