from django.urls import include, path

from network import views

app_name = "network"

urlpatterns = [
    path("annuaire/", views.company_list, name="companies"),
    path("annuaire/slsp/<slug:slug>/", views.company_detail, name="company"),
    path("annuaire/membres/", views.member_list, name="members"),
    path("annuaire/membres/<int:pk>/", views.member_detail, name="member"),
    path("annuaire/membres/<int:pk>/photo/", views.member_photo, name="member_photo"),
    path("annuaire/membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("plateformes/", views.platform_list, name="platforms"),
    path("ma-plateforme/", views.my_platform, name="my_platform"),
    path("plateformes/<slug:slug>/", views.platform_detail, name="platform"),
    path("plateformes/<slug:slug>/chefs-de-file/", views.platform_leads, name="platform_leads"),
    path("groupes/", views.group_list, name="groups"),
    path("groupes/<slug:slug>/", views.group_detail, name="group"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("jetons/", views.api_tokens, name="api_tokens"),
    path("jetons/<int:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
    path("", include("network.partners.urls")),
]
