from django.urls import path

from knowledge import image_views, news_views, views

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
    path("actualites/", news_views.news_index, name="news"),
    path("images/<int:image_id>/<str:spec>/", image_views.image, name="image"),
]
