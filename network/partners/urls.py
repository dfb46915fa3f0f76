from django.urls import path

from network.partners import views

app_name = "partners"

urlpatterns = [
    path("partenaires/", views.partner_list, name="list"),
    path("partenaires/nouveau/", views.partner_create, name="create"),
    path("partenaires/importer/", views.partner_import, name="import"),
    path("partenaires/<int:pk>/", views.partner_detail, name="detail"),
    path("partenaires/<int:pk>/modifier/", views.partner_edit, name="edit"),
    path("partenaires/<int:pk>/ma-societe/", views.partner_link, name="link"),
    path("conventions/", views.agreement_index, name="agreements"),
    path("conventions/echeances/", views.expiry_overview, name="expiring"),
    path("conventions/slsp/<slug:slug>/", views.company_agreements, name="company_agreements"),
    path("conventions/slsp/<slug:slug>/nouvelle/", views.agreement_create,
         name="agreement_create"),
    path("conventions/<int:pk>/", views.agreement_detail, name="agreement"),
    path("conventions/<int:pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("conventions/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("chiffres/", views.activity_index, name="activity_index"),
    path("chiffres/<slug:slug>/<int:year>/", views.activity_report, name="activity"),
]
