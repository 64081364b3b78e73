from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from graph.context import Context, Info
from graph.errors import bad_input
from graph.ids import decode_id
from graph.schema.node import Node

MAX_NODES = 100


def _loader(context: Context, type_name: str) -> DataLoader[int, Any] | None:
    """The loader that finds (and applies the policy to) objects of one node type."""
    loaders = context.loaders
    by_type: dict[str, DataLoader[int, Any]] = {
        "User": loaders.visible_user,
        "Municipality": loaders.municipality,
        "Party": loaders.party,
        "Member": loaders.member,
        "Topic": loaders.topic,
        "Article": loaders.article,
        "Training": loaders.training,
        "TrainingRegistration": loaders.registration,
        "Notification": loaders.notification,
        "ForumCategory": loaders.forum_category,
        "Thread": loaders.thread,
        "Reply": loaders.forum_reply,
        "ForumReport": loaders.forum_report,
        "ModerationAction": loaders.moderation_action,
        "Ticket": loaders.ticket,
        "TicketMessage": loaders.ticket_message,
        "PartnerKey": loaders.partner_key,
    }
    return by_type.get(type_name)


async def _find(info: Info, global_id: str) -> Any | None:
    decoded = decode_id(global_id)
    loader = _loader(info.context, decoded.type_name) if decoded else None
    if decoded is None or loader is None:
        raise bad_input("id.invalid", ("id",))
    return await loader.load(decoded.pk)


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global ID; null if it does not exist or is not visible.")
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="An object's `id`.")]
    ) -> Node | None:
        return await _find(info, id)

    @strawberry.field(
        description="Several objects by global ID, in the same order; null where not found "
        "(and, for an ID that is not valid, an error with that position in its path)."
    )
    def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description=f"At most {MAX_NODES} `id`s.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise bad_input("ids.too_many", max=MAX_NODES)
        # One awaitable per item: GraphQL resolves them together (the loaders batch them)
        # and a bad ID fails only its own item, not the whole list.
        return [_find(info, global_id) for global_id in ids]  # type: ignore[misc]
