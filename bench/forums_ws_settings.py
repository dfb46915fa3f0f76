"""Settings for bench/forums_ws_fanout.py's server: the project's, with a chosen Redis layer.

BENCH_CHANNEL_LAYER=core|pubsub picks channels-redis' RedisChannelLayer or
RedisPubSubChannelLayer; everything else is config.settings unchanged.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CHANNEL_LAYERS, REDIS_URL

_layer = os.environ.get("BENCH_CHANNEL_LAYER", "core")
if REDIS_URL and _layer == "pubsub":
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": CHANNEL_LAYERS["default"]["CONFIG"]["hosts"],
                       "prefix": CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]},
        }
    }
