"""WebSocket routes; the forums app adds its consumers here."""

from django.urls import path

from forums.consumers import NotificationConsumer, ThreadConsumer

websocket_urlpatterns: list = [
    path("ws/discussions/fil/<int:pk>/", ThreadConsumer.as_asgi()),
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
