"""Django's Redis cache, with a clear() that empties only this installation's keys.

The built-in clear() flushes the whole Redis database: on a Redis shared with another
service (or with another test run on the same machine) that would erase their counters
too. Here it deletes the keys under KEY_PREFIX, which settings always set.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
