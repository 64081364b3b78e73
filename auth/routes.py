"""Browser sign-in: ``/auth/login`` → the provider → ``/auth/callback`` → session cookie;
``/auth/logout``; and, in demo mode only, ``/auth/dev`` to sign in as a demo user."""

from __future__ import annotations

import hmac
import html
import logging
import secrets

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from auth.authenticate import SESSION_COOKIE
from auth.csrf import is_trusted_origin, safe_next
from auth.oidc import OIDCClient, TokenInvalid
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import User
from kennispunt.db import Database
from kennispunt.errors import DomainError
from kennispunt.i18n import negotiate_language, translate
from kennispunt.settings import Settings

logger = logging.getLogger(__name__)

LOGIN_STATE_COOKIE = "kp_login_state"


def _page(title: str, body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width"></head><body><main><h1>{html.escape(title)}</h1>'
        f"{body}</main></body></html>",
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


class AuthRoutes:
    def __init__(self, db: Database, settings: Settings, oidc: OIDCClient | None) -> None:
        self.db = db
        self.settings = settings
        self.oidc = oidc
        self.trusted = settings.trusted_origins
        self.secure_cookies = not settings.demo_mode_enabled
        self.redirect_uri = settings.public_url.rstrip("/") + "/auth/callback"

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [
            Route("/auth/login", self.login, methods=["GET"]),
            Route("/auth/callback", self.callback, methods=["GET"]),
            Route("/auth/logout", self.logout_form, methods=["GET"]),
            Route("/auth/logout", self.logout, methods=["POST"]),
        ]
        if self.settings.demo_mode_enabled:  # outside demo mode these routes do not exist
            routes += [
                Route("/auth/dev", self.dev_form, methods=["GET"]),
                Route("/auth/dev", self.dev_login, methods=["POST"]),
            ]
        return routes

    def _failure(self, request: Request, reason: str) -> HTMLResponse:
        logger.warning("login refused: %s", reason)
        language = negotiate_language(request.headers.get("accept-language"))
        message = html.escape(translate("auth.login_failed", language))
        response = _page(
            "Kennispunt", f'<p>{message}</p><p><a href="/auth/login">Opnieuw inloggen</a></p>', 400
        )
        response.delete_cookie(LOGIN_STATE_COOKIE, path="/auth")
        return response

    def _set_session_cookie(self, response: Response, token: str) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=self.settings.session_days * 86400,
            httponly=True,
            secure=self.secure_cookies,
            samesite="lax",
            path="/",
        )

    async def login(self, request: Request) -> Response:
        """Start the authorization-code flow with PKCE (S256), state and nonce."""
        if self.oidc is None:
            if self.settings.demo_mode_enabled:
                return RedirectResponse("/auth/dev", status_code=303)
            return _page("Kennispunt", "<p>Inloggen is niet ingesteld (KENNISPUNT_OIDC_ISSUER).</p>", 503)
        state, nonce, verifier = (
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(48),
        )
        next_url = safe_next(request.query_params.get("next"), self.trusted)
        async with self.db.transaction() as session:
            await accounts.create_login_attempt(session, state, nonce, verifier, next_url)
        url = await self.oidc.authorization_url(self.redirect_uri, state, nonce, verifier)
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(
            LOGIN_STATE_COOKIE,
            state,
            max_age=600,
            httponly=True,
            secure=self.secure_cookies,
            samesite="lax",
            path="/auth",
        )
        return response

    async def callback(self, request: Request) -> Response:
        if self.oidc is None:
            return _page("Kennispunt", "<p>Inloggen is niet ingesteld.</p>", 503)
        state = request.query_params.get("state", "")
        code = request.query_params.get("code", "")
        if request.query_params.get("error"):
            return self._failure(request, f"provider answered {request.query_params.get('error')}")
        cookie_state = request.cookies.get(LOGIN_STATE_COOKIE, "")
        # bytes: compare_digest raises TypeError on str with non-ASCII characters
        if not state or not code or not hmac.compare_digest(state.encode(), cookie_state.encode()):
            return self._failure(request, "state does not match this browser's login")
        async with self.db.transaction() as session:
            attempt = await accounts.consume_login_attempt(session, state)
        if attempt is None:
            return self._failure(request, "unknown, expired or replayed state")
        try:
            identity, id_token = await self.oidc.complete_login(
                code, self.redirect_uri, attempt.code_verifier, attempt.nonce
            )
        except TokenInvalid as error:
            return self._failure(request, str(error))
        try:
            async with self.db.transaction() as session:
                user = await accounts.upsert_identity_user(
                    session, identity.issuer, identity.subject, identity.email, identity.name
                )
                token = await accounts.start_session(session, user, self.settings.session_days, id_token)
        except DomainError as error:
            return self._failure(request, f"account not usable: {error}")
        response = RedirectResponse(safe_next(attempt.next_url, self.trusted), status_code=303)
        self._set_session_cookie(response, token)
        response.delete_cookie(LOGIN_STATE_COOKIE, path="/auth")
        return response

    async def logout_form(self, request: Request) -> Response:
        """GET never changes anything: it shows a button that POSTs."""
        next_url = html.escape(safe_next(request.query_params.get("next"), self.trusted))
        return _page(
            "Uitloggen",
            f'<form method="post" action="/auth/logout"><input type="hidden" name="next" value="{next_url}">'
            '<button type="submit">Uitloggen</button></form>',
        )

    async def logout(self, request: Request) -> Response:
        """End the session here, and at the provider where it offers end-session."""
        if not is_trusted_origin(request.headers, self.trusted):  # our own forms carry our origin
            return _page("Kennispunt", "<p>Dit verzoek komt niet van een toegestane website.</p>", 403)
        form = await request.form()
        next_url = safe_next(str(form.get("next") or ""), self.trusted)
        id_token = None
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            async with self.db.transaction() as session:
                ended = await accounts.end_session(session, token)
                id_token = ended.id_token if ended else None
        target = next_url
        if self.oidc is not None and id_token:
            absolute_next = next_url if "://" in next_url else self.settings.public_url.rstrip("/") + next_url
            target = await self.oidc.end_session_url(id_token, absolute_next) or next_url
        response = RedirectResponse(target, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def dev_form(self, request: Request) -> Response:
        async with self.db.session() as session:
            users = (await session.scalars(select(User).order_by(User.display_name))).all()
        buttons = "".join(
            f'<li><form method="post" action="/auth/dev"><input type="hidden" name="email" value="{html.escape(u.email)}">'
            f'<button type="submit">{html.escape(u.display_name)}</button> <small>{html.escape(u.email)}</small></form></li>'
            for u in users
        )
        return _page(
            "Inloggen als demogebruiker",
            f"<p>Alleen in de demomodus: kies een gebruiker om mee in te loggen.</p><ul>{buttons}</ul>",
        )

    async def dev_login(self, request: Request) -> Response:
        if not is_trusted_origin(request.headers, self.trusted):  # our own forms carry our origin
            return _page("Kennispunt", "<p>Dit verzoek komt niet van een toegestane website.</p>", 403)
        form = await request.form()
        async with self.db.transaction() as session:
            user = await accounts.get_user_by_email(session, str(form.get("email") or ""))
            if user is None:
                return _page("Kennispunt", "<p>Deze demogebruiker bestaat niet.</p>", 404)
            if user.blocked_at is not None:
                return _page("Kennispunt", "<p>Deze gebruiker is geblokkeerd.</p>", 403)
            token = await accounts.start_session(session, user, self.settings.session_days)
        response = RedirectResponse("/graphql", status_code=303)
        self._set_session_cookie(response, token)
        return response
