"""GraphQL over WebSocket (graphql-transport-ws), held to the same limits as HTTP.

- Every message is checked before it is decoded: its size, its JSON nesting, its shape.
- Every operation counts against the caller's request rate, as over HTTP (anonymous
  visitors by client address, partner keys at their own rate), and goes through the
  same admission (`graph.admission`): cost, points budget, depth, aliases, tokens.
- Each operation gets a context of its own, so concurrent operations on one connection
  never share loaders or per-operation state.
- `graph.open_sockets.OpenSockets` knows what every open socket depends on, and closes or
  updates it when access changes.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from graphql import GraphQLFormattedError
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)
from strawberry.utils.aio import aclosing

from auth.gate import throttle
from graph import idempotency
from graph.context import Context
from graph.live.subscriber import SocketOperation, Subscriber
from graph.socket_messages import (
    CLOSE_BAD_REQUEST,
    CLOSE_TRY_AGAIN_LATER,
    GuardedWebSocketAdapter,
    is_subscribe_payload,
)
from kennispunt.accounts.viewer import Viewer
from kennispunt.i18n import translate
from kennispunt.idempotency.service import (
    IdempotentRequest,
    Outcome,
    complete,
    release,
    request_hash,
    valid_key,
)

if TYPE_CHECKING:
    from graph.view import GraphQLView

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SocketLimits:
    max_message_bytes: int = 256 * 1024
    """The largest message a client may send (a ``subscribe`` with its query and variables)."""
    max_json_depth: int = 32
    """How deeply the JSON of a message may nest (its variables and extensions)."""
    max_sockets_per_address: int = 100
    """Open sockets per client address, in this process."""
    max_operations: int = 50
    """Operations (subscriptions, and queries in flight) per socket."""
    init_timeout_seconds: float = 10.0
    """How long a socket may stay open without ``connection_init``."""


class GuardedTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    context: Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contexts: dict[str, Context] = {}
        """The contexts of the operations running now, by operation id."""
        self.extensions: dict[str, Mapping[str, Any]] = {}
        """The ``extensions`` of operations subscribed to and not yet started, by operation id."""
        self.answers: dict[str, Any] = {}
        """What operations with an idempotency key answered, by operation id, to keep."""
        self.handed_over: dict[str, Subscriber] = {}
        """Subscriptions a live feed serves now (`graph.live.feed`), by operation id."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self._view.sockets.add(self)

    async def shutdown(self) -> None:
        self._view.sockets.discard(self)
        await super().shutdown()

    @property
    def _view(self) -> GraphQLView:
        return cast("GraphQLView", self.view)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged:
            await super().handle_subscribe(message)  # closes with 4401
            return
        payload = cast(Mapping[str, Any], message.get("payload"))
        if not is_subscribe_payload(payload) or not isinstance(message.get("id"), str):
            await self.websocket.close(CLOSE_BAD_REQUEST, "Invalid subscribe message")
            return
        if message["id"] in self.operations:
            await super().handle_subscribe(message)  # closes with 4409
            return
        limit = self._view.socket_limits.max_operations
        if len(self.operations) >= limit:
            await self._refuse(message["id"], "BAD_USER_INPUT", "socket.too_many_operations", max=limit)
            return
        refused = await throttle(
            self.context.partner, self.context.viewer, self.context.client_address, self._view.anonymous_rules
        )
        if refused is not None:
            await self._refuse(message["id"], "RATE_LIMITED", "rate_limited", seconds=refused.seconds)
            return
        self.extensions[message["id"]] = payload.get("extensions") or {}
        await super().handle_subscribe(message)

    async def _refuse(self, operation_id: str, code: str, message_key: str, **params: Any) -> None:
        """Refuse one operation with an ``error`` message, as the protocol has it; the socket stays."""
        extensions: dict[str, Any] = {"code": code}
        if "seconds" in params:
            extensions["retryAfter"] = params["seconds"]
        error: GraphQLFormattedError = {
            "message": translate(message_key, self.context.language, **params),
            "extensions": extensions,
        }
        await self.send_message(ErrorMessage(id=operation_id, type="error", payload=[error]))

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        """Strawberry's, with a context of the operation's own (see the module docstring),
        and run at most once for an idempotency key."""
        context = self.context.for_operation(self.extensions.pop(operation.id, {}))
        key = context.extensions.get(idempotency.EXTENSION)
        caller = idempotency.caller_of(context.viewer, context.partner)
        if key is None or caller is None:
            await self._run_operation(operation, context)
            return
        if not isinstance(key, str) or not valid_key(key):
            await self._end_with(operation, idempotency.invalid_key(context.language))
            return
        keyed = IdempotentRequest(
            caller, key, request_hash(operation.query, operation.operation_name, operation.variables)
        )
        claim = await idempotency.begin(self._view.db, keyed)
        if claim.outcome is Outcome.REPLAY:
            answer = json.loads(claim.body or "{}")
            await operation.send_operation_message({"id": operation.id, "type": "next", "payload": answer})
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
            return
        if claim.outcome is not Outcome.RUN:
            await self._end_with(operation, idempotency.refusal(claim.outcome, context.language))
            return
        context.idempotency = keyed
        self.answers[operation.id] = None
        try:
            await self._run_operation(operation, context)
        finally:
            answer = self.answers.pop(operation.id, None)
            body = json.dumps(answer) if answer is not None else ""
            if not body or idempotency.failed_unexpectedly(200, body):
                await release(self._view.db, keyed)
            else:
                await complete(self._view.db, keyed, 200, body)

    async def _end_with(self, operation: Operation[Context, None], refusal: idempotency.Refusal) -> None:
        error: GraphQLFormattedError = {"message": refusal.message, "extensions": {"code": refusal.code}}
        await operation.send_operation_message(ErrorMessage(id=operation.id, type="error", payload=[error]))

    async def send_message(self, message: Any) -> None:
        if message.get("type") == "next" and message.get("id") in self.answers:
            self.answers[message["id"]] = message["payload"]
        await super().send_message(message)

    async def _run_operation(self, operation: Operation[Context, None], context: Context) -> None:
        raw = RawSend.of(self.websocket)
        context.operation = SocketOperation(
            operation.id,
            operation.query,
            operation.operation_name,
            operation.variables or {},
            raw.send_text if raw is not None else self._send_text,
            self._too_far_behind,
            raw.writable if raw is not None else lambda: False,
            partial(self._hand_over, operation.id),
            partial(self._forget, operation.id),
        )
        self.contexts[operation.id] = context
        try:
            result_source = await self.schema.stream(
                operation.query,
                variable_values=operation.variables,
                context_value=context,
                root_value=self.root_value,
                operation_name=operation.operation_name,
            )
            async with aclosing(result_source):
                await self._send_result_stream(operation, result_source)
            if operation.id in self.handed_over:
                operation.query, operation.variables = "", None  # the feed has what it needs
                return  # open, and the feed's now
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except _OperationStreamClosed:
            return
        except Exception as error:
            await self.handle_task_exception(error)
            with suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
            raise
        finally:
            if operation.id not in self.handed_over:
                self.contexts.pop(operation.id, None)

    def _hand_over(self, operation_id: str, subscriber: Subscriber) -> None:
        self.handed_over[operation_id] = subscriber

    def _forget(self, operation_id: str) -> None:
        """A feed completed the subscription: its id is free again."""
        self.handed_over.pop(operation_id, None)
        self.contexts.pop(operation_id, None)
        self.operations.pop(operation_id, None)

    async def cleanup_operation(self, operation_id: str) -> None:
        """The client completed an operation, or the socket is closing."""
        subscriber = self.handed_over.pop(operation_id, None)
        if subscriber is not None:
            subscriber.leave()
            self.contexts.pop(operation_id, None)
        await super().cleanup_operation(operation_id)

    async def _send_text(self, text: str) -> None:
        """A message a live feed made (`graph.live.feed`): sent as it is."""
        with suppress(Exception):  # the socket went away; its handler cleans up
            await cast(GuardedWebSocketAdapter, self.websocket).ws.send_text(text)

    async def _too_far_behind(self, reason: str) -> None:
        await self.close(CLOSE_TRY_AGAIN_LATER, reason)

    async def close(self, code: int, reason: str) -> None:
        with suppress(Exception):
            await self.websocket.close(code=code, reason=reason)

    def follow_viewer(self, viewer: Viewer) -> None:
        """The user's roles or memberships changed: every operation sees them from now on,
        and each subscription decides afresh whether it may go on."""
        self.context.become(viewer)
        for context in list(self.contexts.values()):
            context.become(viewer)
            context.nudge()


class RawSend:
    """The server's own ``send`` of a WebSocket, below the middleware, for live feeds: a
    message to ten thousand sockets should not pass five wrappers ten thousand times.
    `KeepRawSend` puts it in the scope; only uvicorn's sans-I/O and wsproto protocols say
    whether they can take a message without waiting (``writable``), others never count as able."""

    SCOPE_KEY = "kennispunt.raw_send"

    def __init__(self, send: Callable[[Message], Awaitable[None]]) -> None:
        self._send = send
        self._writable: asyncio.Event | None = getattr(getattr(send, "__self__", None), "writable", None)

    @classmethod
    def of(cls, websocket: Any) -> RawSend | None:
        ws = getattr(websocket, "ws", None)
        send = ws.scope.get(cls.SCOPE_KEY) if ws is not None else None
        return cls(send) if send is not None else None

    def writable(self) -> bool:
        return self._writable is not None and self._writable.is_set()

    async def send_text(self, text: str) -> None:
        with suppress(Exception):  # the socket went away; its handler cleans up
            await self._send({"type": "websocket.send", "text": text})


class KeepRawSend:
    """ASGI middleware, outermost: keeps a WebSocket's own ``send`` in its scope (`RawSend`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope[RawSend.SCOPE_KEY] = send
        await self.app(scope, receive, send)
