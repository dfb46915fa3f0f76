from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from config import health, views
from config.api import api
from knowledge import views as knowledge_views

urlpatterns = [
    path("", views.home, name="home"),
    path("comptes/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("", include("network.urls")),
    path("outils/", include("knowledge.urls")),
    path("agenda/", include("events.urls")),
    path("discussions/", include("forums.urls")),
    path("recherche/", include("search.urls")),
    path("tableau-de-bord/", include("dashboard.urls")),
    # Private library documents, under the name Wagtail reverses for Document.url.
    path("outils/documents/<int:document_id>/<str:document_filename>",
         knowledge_views.document, name="wagtaildocs_serve"),
    # Wagtail's page tree (the library, rooted at /outils/), after knowledge.urls.
    path("outils/", include(wagtail_urls)),
]
