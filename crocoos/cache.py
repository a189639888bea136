"""Django's Redis cache, with one client object per connection pool instead of one per call.

Django's RedisCacheClient makes a new `redis.Redis` for every get, set or get_many (about 80
response callbacks registered each time): on a page built after a change, the page cache's two
calls cost more in that set-up than in talking to Redis. A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), and Django keeps a cache backend per
thread anyway.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # kept in self._pools for the life of this object
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
