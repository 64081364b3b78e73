"""Every domain's tables, so that ``Base.metadata`` is complete (alembic, ``create_all``).

A new domain with a ``models.py`` is added here, or migrations will not see its tables.
"""

from __future__ import annotations

from kennispunt.accounts import models as accounts
from kennispunt.content import models as content
from kennispunt.db import Base
from kennispunt.events import models as events
from kennispunt.forum import models as forum
from kennispunt.helpdesk import models as helpdesk
from kennispunt.idempotency import models as idempotency
from kennispunt.mail import models as mail
from kennispunt.notifications import models as notifications
from kennispunt.parties import models as parties
from kennispunt.partners import models as partners
from kennispunt.trainings import models as trainings

metadata = Base.metadata

__all__ = [
    "Base",
    "accounts",
    "content",
    "events",
    "forum",
    "helpdesk",
    "idempotency",
    "mail",
    "metadata",
    "notifications",
    "parties",
    "partners",
    "trainings",
]
