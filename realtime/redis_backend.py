"""A broadcaster backend on Redis pub/sub that survives Redis going away.

broadcaster's own Redis backend stops listening for good when its connection breaks.
This one reconnects with backoff and subscribes again to every channel that still has
listeners. While Redis is down, publishing raises `BrokerUnavailable` (the write has
already committed) and nothing arrives live; subscribers catch up from the database
(`realtime.stream`), and live delivery resumes once Redis is back. The outage is logged
once when it begins and once when it ends (`realtime.outage`), whichever of the two
connections, listening or publishing, notices first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, cast
from urllib.parse import urlsplit

from broadcaster import Event
from broadcaster._backends.base import BroadcastBackend
from redis import asyncio as redis
from redis.exceptions import RedisError

from realtime.outage import BrokerUnavailable, OutageLog

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0)


class ResilientRedisBackend(BroadcastBackend):
    def __init__(self, url: str) -> None:
        self._url = url
        self._redis: redis.Redis | None = None
        self._pubsub: Any = None
        self._channels: set[str] = set()
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._listener: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()
        """Set while the subscriber connection is up (tests and health checks look at it)."""
        parts = urlsplit(url)
        self.outage = OutageLog(f"redis://{parts.hostname}:{parts.port or 6379}{parts.path}")

    async def connect(self) -> None:
        self._redis = redis.Redis.from_url(
            self._url, socket_connect_timeout=2.0, socket_timeout=5.0, health_check_interval=10
        )
        self._listener = asyncio.create_task(self._listen())

    async def disconnect(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        if self._pubsub is not None:
            await self._pubsub.aclose()
        if self._redis is not None:
            await self._redis.aclose()

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)
        await self._try(lambda pubsub: pubsub.subscribe(channel))

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        await self._try(lambda pubsub: pubsub.unsubscribe(channel))

    async def publish(self, channel: str, message: Any) -> None:
        """Publish, or raise `BrokerUnavailable`: at once while an outage is known and the
        listener has not reconnected (each commit would otherwise wait out redis-py's
        retries and backoff, seconds per publish, for a server that is not there)."""
        assert self._redis is not None, "connect() first"
        if self.outage.down and not self.connected.is_set():
            raise BrokerUnavailable("the broker is down; the listener is reconnecting")
        try:
            await self._redis.publish(channel, message)
        except (RedisError, OSError) as error:
            self.outage.failed(error)
            raise BrokerUnavailable(str(error)) from error
        self.outage.recovered()

    async def next_published(self) -> Event:
        return await self._queue.get()

    async def ping(self, timeout: float = 1.0) -> bool:
        """Whether Redis answers now and the subscriber connection is up (for readiness)."""
        if self._redis is None or not self.connected.is_set():
            return False
        try:
            # redis-py types its commands for the sync and the asyncio client at once
            answer = cast(Awaitable[bool], self._redis.ping())
            return bool(await asyncio.wait_for(answer, timeout))
        except (RedisError, OSError, TimeoutError):
            return False

    async def _try(self, action: Any) -> None:
        """Run a (un)subscribe now if connected; otherwise the reconnect takes care of it."""
        if self._pubsub is None or not self.connected.is_set():
            return
        try:
            await action(self._pubsub)
        except (RedisError, OSError) as error:  # the listener reconnects and subscribes again
            self.outage.failed(error)

    async def _open(self) -> None:
        assert self._redis is not None
        if self._pubsub is not None:
            await self._pubsub.aclose()
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.connect()
        if self._channels:
            await self._pubsub.subscribe(*self._channels)
        self.connected.set()

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                await self._open()
                if attempt:
                    logger.debug("redis pub/sub reconnected; %d channels resubscribed", len(self._channels))
                self.outage.recovered()
                attempt = 0
                while True:
                    if not self._pubsub.subscribed:
                        await asyncio.sleep(0.05)  # redis-py reads nothing until something is subscribed
                        continue
                    message = await self._pubsub.get_message(timeout=1.0)
                    if message is not None and message["type"] == "message":
                        await self._queue.put(Event(message["channel"].decode(), message["data"].decode()))
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                self.outage.failed(error)
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                attempt += 1
                await asyncio.sleep(delay)
