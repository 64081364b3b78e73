"""No "Did you mean …?" in errors where the schema is not public (introspection off).

graphql-core suggests field, argument, type and enum value names in its validation and
variable-coercion messages; with introspection off those would spell the schema out
anyway. graphql-core can leave them out (``hide_suggestions``); Strawberry does not pass
the option on, so the two places that need it get it: validation (`graph.admission`, which
runs it) and execution (the executor here).
"""

from __future__ import annotations

from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class QuietExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with suggestions left out of variable and argument errors."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)
