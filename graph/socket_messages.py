"""What a WebSocket client sends, checked before it is decoded or looked at: its size, its
JSON nesting, its shape; and the close codes that refuse it."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Mapping
from typing import TYPE_CHECKING, cast

from starlette.websockets import WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import NonTextMessageReceived

from graph.request_limits import json_depth_exceeds

if TYPE_CHECKING:
    from graph.view import GraphQLView

CLOSE_FORBIDDEN = 4403
CLOSE_BAD_REQUEST = 4400
CLOSE_TOO_BIG = 1009
CLOSE_TRY_AGAIN_LATER = 1013


class GuardedWebSocketAdapter(ASGIWebSocketAdapter):
    """Reads messages as Strawberry's adapter does, refusing what is too big or malformed
    before it is decoded or looked at."""

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object, None]:
        view = cast("GraphQLView", self.view)
        limits = view.socket_limits
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                text = await self.ws.receive_text()
                if len(text) > limits.max_message_bytes or len(text.encode()) > limits.max_message_bytes:
                    await self.close(CLOSE_TOO_BIG, "Message too big")
                    return
                message = decode_message(text)
                if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                    await self.close(CLOSE_BAD_REQUEST, "Invalid message")
                    return
                if json_depth_exceeds(message, limits.max_json_depth):
                    await self.close(CLOSE_BAD_REQUEST, "Message nested too deeply")
                    return
                yield message
        except KeyError as error:  # a binary frame
            raise NonTextMessageReceived from error
        except WebSocketDisconnect:
            pass


def decode_message(text: str) -> object:
    """A message's JSON, or None when it is none (or nests beyond what the parser follows)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def is_subscribe_payload(payload: object) -> bool:
    """Whether a ``subscribe`` message's payload has the shape the protocol gives it."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("query"), str):
        return False
    return (
        isinstance(payload.get("variables") or {}, Mapping)
        and isinstance(payload.get("operationName") or "", str)
        and isinstance(payload.get("extensions") or {}, Mapping)
    )
