from django.urls import path

from forums import live_views, moderation_views, views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("preferences/", views.preferences, name="preferences"),
    path("notifications/", views.notification_list, name="notifications"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/signalement/<int:pk>/traite/", views.report_handle, name="report_handle"),
    path("moderation/journal/", moderation_views.moderation_log, name="moderation_log"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("fil/<int:pk>/", views.thread_detail, name="thread"),
    path("fil/<int:pk>/repondre/", views.post_create, name="reply"),
    path("fil/<int:pk>/messages/", views.posts_since, name="posts_since"),
    path("fil/<int:pk>/moderer/", views.thread_moderate, name="moderate"),
    path("fil/<int:pk>/suivre/", views.thread_watch, name="watch"),
    path("fil/<int:pk>/mentions/", live_views.thread_mentions, name="thread_mentions"),
    path("fil/<int:pk>/apercu/", live_views.reply_preview, name="reply_preview"),
    path("fil/<int:pk>/deplacer/", moderation_views.thread_move, name="thread_move"),
    path("message/<int:pk>/modifier/", views.post_edit, name="post_edit"),
    path("message/<int:pk>/supprimer/", views.post_delete, name="post_delete"),
    path("message/<int:pk>/accepter/", views.post_accept, name="post_accept"),
    path("message/<int:pk>/reaction/", views.post_react, name="post_react"),
    path("message/<int:pk>/signaler/", views.post_report, name="post_report"),
    path("message/<int:pk>/masquer/", moderation_views.post_hide, name="post_hide"),
    path("message/<int:pk>/afficher/", moderation_views.post_unhide, name="post_unhide"),
    path("piece-jointe/<int:pk>/", views.attachment, name="attachment"),
    path("<slug:slug>/", views.space_detail, name="space"),
    path("<slug:slug>/nouveau/", views.thread_create, name="thread_create"),
    path("<slug:slug>/mentions/", live_views.space_mentions, name="space_mentions"),
    path("<slug:slug>/suivre/", views.space_watch, name="space_watch"),
]
