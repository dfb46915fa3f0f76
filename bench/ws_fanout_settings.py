"""Settings for bench/ws_fanout.py's server: the project's, with a chosen Redis layer.

BENCH_CHANNEL_LAYER=production keeps config.settings' layer unchanged; ``core`` and
``pubsub`` pick channels-redis' RedisChannelLayer or RedisPubSubChannelLayer with the
same hosts and prefix (the core layer with the production no-drop sizing).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CHANNEL_LAYERS, REDIS_URL

_layer = os.environ.get("BENCH_CHANNEL_LAYER", "production")
_config = CHANNEL_LAYERS["default"].get("CONFIG", {})
_backends = {"core": "channels_redis.core.RedisChannelLayer",
             "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer"}
if REDIS_URL and _layer in _backends:
    _common = {"hosts": _config["hosts"], "prefix": _config["prefix"]}
    _extra = {"capacity": 5000, "expiry": 60} if _layer == "core" else {}
    CHANNEL_LAYERS = {"default": {"BACKEND": _backends[_layer], "CONFIG": {**_common, **_extra}}}
