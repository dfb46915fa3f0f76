from django.urls import path

from knowledge import views

app_name = "knowledge"

# Mounted at /outils/; Wagtail serves the pages under the same prefix, after these
# (their slugs cannot take these names: knowledge.models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.library, name="library"),
    path("proposer/", views.propose, name="propose"),
    path("propositions/", views.my_proposals, name="proposals"),
    path("a-valider/", views.reviews, name="reviews"),
    path("a-valider/<int:pk>/", views.review, name="review"),
    path("favoris/", views.bookmarks, name="bookmarks"),
    path("favoris/<int:pk>/", views.toggle_bookmark, name="bookmark"),
    path("utilisations/<int:pk>/", views.declare_reuse, name="reuse"),
]
