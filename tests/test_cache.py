"""crocoos.cache.SharedClientRedisCache against the real Redis of this machine (127.0.0.1:6379)."""

import threading
import uuid

import pytest
import redis

from crocoos.cache import SharedClientRedisCache

LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(LOCATION).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = SharedClientRedisCache(LOCATION, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.clear()


def test_every_operation_goes_through_one_client(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client("other", write=True) is client
    cache.set("a", {"value": 1})
    assert cache.add("a", "not this") is False
    assert cache.add("b", 2) is True
    assert cache.get_many(["a", "b", "missing"]) == {"a": {"value": 1}, "b": 2}
    assert cache.incr("b") == 3
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
    assert cache._cache.get_client() is client


def test_threads_share_the_client_safely(cache):
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"k{n}-{i}", i)
                if cache.get(f"k{n}-{i}") != i:
                    errors.append((n, i))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_production_settings_use_it(monkeypatch):
    import importlib

    import crocoos.settings as settings_module

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.CACHES["pages"]["BACKEND"] == "crocoos.cache.SharedClientRedisCache"
        assert reloaded.CACHES["default"]["BACKEND"] == "crocoos.cache.SharedClientRedisCache"
    finally:
        monkeypatch.delenv("CACHE_URL")
        importlib.reload(settings_module)
