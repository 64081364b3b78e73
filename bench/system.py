"""The machine the benches run on: one clock for all processes, and open-file limits."""

from __future__ import annotations

import resource
import time


def raise_open_files_limit() -> int:
    """Raise this process's soft RLIMIT_NOFILE to the hard limit (children inherit it);
    returns the new soft limit.

    Each process has its own descriptor table, so 10,000 subscribers need about 10,000
    descriptors in the server and 10,000 spread over the client processes, not 20,000 in one.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def monotonic() -> float:
    """Seconds on CLOCK_MONOTONIC: on Linux one clock for every process on the machine
    (time since boot, not stepped by NTP), so a moment taken in one process can be
    subtracted from a moment taken in another."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)
