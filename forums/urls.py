from django.urls import path

from forums import live_views, views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("preferences/", views.preferences, name="preferences"),
    path("notifications/", views.notification_list, name="notifications"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/signalement/<int:pk>/traite/", views.report_handle, name="report_handle"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("fil/<int:pk>/", views.thread_detail, name="thread"),
    path("fil/<int:pk>/repondre/", views.post_create, name="reply"),
    path("fil/<int:pk>/messages/", views.posts_since, name="posts_since"),
    path("fil/<int:pk>/moderer/", views.thread_moderate, name="moderate"),
    path("fil/<int:pk>/suivre/", views.thread_watch, name="watch"),
    path("fil/<int:pk>/mentions/", live_views.thread_mentions, name="thread_mentions"),
    path("fil/<int:pk>/apercu/", live_views.reply_preview, name="reply_preview"),
    path("message/<int:pk>/modifier/", views.post_edit, name="post_edit"),
    path("message/<int:pk>/supprimer/", views.post_delete, name="post_delete"),
    path("message/<int:pk>/accepter/", views.post_accept, name="post_accept"),
    path("message/<int:pk>/reaction/", views.post_react, name="post_react"),
    path("message/<int:pk>/signaler/", views.post_report, name="post_report"),
    path("piece-jointe/<int:pk>/", views.attachment, name="attachment"),
    path("<slug:slug>/", views.space_detail, name="space"),
    path("<slug:slug>/nouveau/", views.thread_create, name="thread_create"),
    path("<slug:slug>/mentions/", live_views.space_mentions, name="space_mentions"),
]
