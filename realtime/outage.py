"""The broker being down, as the rest of the process sees it: one warning when an outage
begins, one info line when it ends, and `BrokerUnavailable` for a publish in between.

While the broker is down, writes still commit and subscribers catch up from the
database (the watchers poll), so a failed publish is expected, not an error to log with
a traceback after every commit.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """A publish failed because the broker cannot be reached; the outage is already logged."""


class OutageLog:
    """Tells an outage of the broker at ``where`` once when it begins and once when it ends."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.down = False

    def failed(self, error: BaseException) -> None:
        if not self.down:
            self.down = True
            logger.warning(
                "broker %s unreachable (%s): events are not delivered live until it is back; "
                "subscribers catch up from the database",
                self.where,
                error,
            )

    def recovered(self) -> None:
        if self.down:
            self.down = False
            logger.info("broker %s reachable again: live delivery resumes", self.where)
