"""Rate limits in a moving window: counted where the app says (memory or Redis), never blocking
anyone when the store is gone."""

from __future__ import annotations

import asyncio

import pytest

from kennispunt import ratelimit
from kennispunt.settings import Settings
from tests.conftest import free_port

TWO_A_MINUTE = ratelimit.parse("2/minute;100/hour")


@pytest.fixture
def counter(settings: Settings) -> ratelimit.Counter:
    """Counted like the test server counts."""
    return ratelimit.Counter(settings.redis_url)


async def test_hits_beyond_a_rule_are_refused_until_the_window_moves_on(counter: ratelimit.Counter) -> None:
    with ratelimit.counting(counter):
        assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None
        assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None
        refused = await ratelimit.hit("test:a", *TWO_A_MINUTE)
        unrelated = await ratelimit.hit("test:b", *TWO_A_MINUTE)

    assert refused is not None and 55 <= refused.seconds <= 60
    assert unrelated is None  # every key counts for itself


async def test_trusted_work_is_not_counted(counter: ratelimit.Counter) -> None:
    with ratelimit.counting(counter):
        with ratelimit.exempt():
            for _ in range(5):
                assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None
        assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None


async def test_without_its_store_a_process_counts_in_memory_for_a_while() -> None:
    with ratelimit.counting(ratelimit.Counter(f"redis://127.0.0.1:{free_port()}/0")):  # nothing listens there
        assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None  # Redis fails: counted in memory
        assert await ratelimit.hit("test:a", *TWO_A_MINUTE) is None
        refused = await ratelimit.hit("test:a", *TWO_A_MINUTE)
        await ratelimit.reset()  # and never fails

    assert refused is not None and 55 <= refused.seconds <= 60


def test_rules_are_read_from_settings_strings() -> None:
    assert [str(rule) for rule in ratelimit.parse("5/30seconds;30/hour")] == [
        "5 per 30 second",
        "30 per 1 hour",
    ]
    assert ratelimit.parse("") == ()
    with pytest.raises(ValueError):
        ratelimit.parse("vijf per minuut")


async def test_two_event_loops_in_one_process_count_side_by_side() -> None:
    """A test and the server it runs in a thread both count in memory. They shared one store
    whose asyncio locks belong to one loop: the thread's loop failed ("bound to a different
    event loop") and this one waited forever for a lock the other had released."""
    many = ratelimit.parse("1000000/second")

    async def hammer() -> int:
        refused = 0
        for _ in range(3000):
            refused += await ratelimit.hit("test:shared", *many) is not None
        return refused

    in_thread = asyncio.get_running_loop().run_in_executor(None, asyncio.run, hammer())
    here = await asyncio.wait_for(hammer(), 20)

    assert (here, await asyncio.wait_for(in_thread, 20)) == (0, 0)
