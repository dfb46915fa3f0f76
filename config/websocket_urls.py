"""WebSocket routes; the forums app adds its consumers here."""

websocket_urlpatterns: list = []
