"""A real OpenID Connect provider for the tests, and helpers to drive it.

The provider is the npm package ``oidc-provider`` (``tests/oidc/provider.mjs``), started
as a Node process on ``127.0.0.1``. Nothing here imitates the provider: discovery, JWKS,
tokens, and the login and consent forms are oidc-provider's own.

Typical use::

    from tests.oidc.harness import OIDCProvider, oidc_client, login_through_provider

    with OIDCProvider(clients=[oidc_client("kennispunt", "s3cret", [f"{app}/auth/callback"])]) as op:
        ...  # point the app at op.issuer
        response = await login_through_provider(http, f"{app}/auth/login", "alice")
        assert response.status_code in (302, 303)  # the app's callback, not followed

Accounts: any login id signs in (any password). ``sub`` is the login id, ``email`` is
``<login>@example.org`` (or the login itself when it contains ``@``), ``name`` is derived
from the login (``jan.de-vries`` -> ``Jan De Vries``), ``email_verified`` is true.

Audiences: resource indicators (RFC 8707) must be absolute URIs; an audience that is not
one (``kennispunt-api``) is requested as ``urn:audience:<audience>`` (see
:func:`resource_for`). The provider issues RS256 JWT access tokens with ``aud`` =
that audience, signed with the first of its keys.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests import npm

__all__ = [
    "HERE",
    "PROVIDER_COOKIE_PREFIX",
    "LoginFlowError",
    "OIDCProvider",
    "ProviderError",
    "authorization_code_tokens",
    "client_credentials_token",
    "ensure_node_modules",
    "generate_rsa_jwk",
    "login_through_provider",
    "logout_through_provider",
    "oidc_client",
    "public_jwk",
    "resource_for",
    "sign_token",
]

HERE = Path(__file__).resolve().parent
PROVIDER_SCRIPT = HERE / "provider.mjs"
#: The provider's cookies (session, interaction) all start with this; see provider.mjs.
PROVIDER_COOKIE_PREFIX = "oidc_op_"
AUDIENCE_URN = "urn:audience:"
READY_TIMEOUT = 30.0
#: oidc-provider 9 uses URL.parse and crypto.hash (Node 20.18+); it prefers 22 LTS and
#: warns "Unsupported runtime" on 20, which is harmless for these tests.
MINIMUM_NODE = (20, 18)


class ProviderError(RuntimeError):
    """The provider could not be installed, started or stopped."""


class LoginFlowError(AssertionError):
    """The redirect / form flow through the provider did not go as expected."""


# --- keys and tokens ------------------------------------------------------------------


def generate_rsa_jwk(kid: str, size: int = 2048) -> dict[str, Any]:
    """A fresh private RSA signing key as a JWK dict (``kid``, ``use=sig``, ``alg=RS256``)."""
    key = RSAKey.generate_key(size, parameters={"kid": kid, "use": "sig", "alg": "RS256"}, private=True)
    return dict(key.as_dict(private=True))


def public_jwk(key: Mapping[str, Any]) -> dict[str, Any]:
    """The public half of a private RSA JWK."""
    return dict(RSAKey.import_key(dict(key)).as_dict(private=False))


def sign_token(
    key: Mapping[str, Any],
    claims: Mapping[str, Any],
    *,
    headers: Mapping[str, Any] | None = None,
) -> str:
    """A JWT over ``claims`` signed RS256 with the private JWK ``key`` (its ``kid`` in the header).

    For negative tests: a key the provider does not publish, an expired ``exp``, another
    ``aud``. Pass ``headers`` to add or override header fields (e.g. ``{"typ": "at+jwt"}``).
    """
    header: dict[str, Any] = {"alg": "RS256", "typ": "JWT"}
    if "kid" in key:
        header["kid"] = key["kid"]
    header.update(headers or {})
    return jwt.encode(header, dict(claims), RSAKey.import_key(dict(key)), algorithms=[header["alg"]])


def resource_for(audience: str) -> str:
    """The resource indicator (absolute URI) the provider maps to ``audience``."""
    return audience if _is_absolute_uri(audience) else f"{AUDIENCE_URN}{audience}"


def _is_absolute_uri(value: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value) is not None


def oidc_client(
    client_id: str,
    client_secret: str,
    redirect_uris: Sequence[str] = (),
    post_logout_redirect_uris: Sequence[str] = (),
    *,
    token_endpoint_auth_method: str = "client_secret_basic",
    grant_types: Sequence[str] | None = None,
    **metadata: Any,
) -> dict[str, Any]:
    """Client metadata for :class:`OIDCProvider` (``client_secret_basic`` or ``client_secret_post``).

    With ``redirect_uris`` the client may use authorization_code, client_credentials and
    refresh_token; without, it is a service client (client_credentials only: oidc-provider
    rejects a code-flow client without redirect URIs). oidc-provider holds a client to its
    one registered ``token_endpoint_auth_method``.
    """
    if grant_types is None:
        grant_types = (
            ("authorization_code", "client_credentials", "refresh_token")
            if redirect_uris
            else ("client_credentials",)
        )
    return {
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uris": list(redirect_uris),
        "post_logout_redirect_uris": list(post_logout_redirect_uris),
        "grant_types": list(grant_types),
        "response_types": ["code"] if "authorization_code" in grant_types else [],
        "token_endpoint_auth_method": token_endpoint_auth_method,
        **metadata,
    }


# --- node ------------------------------------------------------------------------------


def ensure_node_modules() -> None:
    """Install ``tests/oidc/node_modules`` from the lock file when missing or out of date
    (see :func:`tests.npm.ensure_node_modules`). Raises :class:`ProviderError` when ``node``
    or ``npm`` is missing or the install fails.
    """
    try:
        npm.ensure_node_modules(
            HERE,
            "oidc-provider",
            minimum_node=MINIMUM_NODE,
            purpose="the OpenID Connect tests run a real provider (npm package oidc-provider)",
        )
    except npm.NpmError as error:
        raise ProviderError(str(error)) from None


# --- the provider process --------------------------------------------------------------


class OIDCProvider:
    """oidc-provider running on ``127.0.0.1``; a context manager.

    ``keys`` are private JWKs; the first one signs, all are published at the JWKS URI.
    Without ``keys`` one RSA key (kid ``key-1``) is generated. ``restart(keys=...)``
    starts the provider again on the same port (same issuer) with a new key set: key
    rotation. State (sessions, codes, refresh tokens) lives in memory and is lost on restart.

    ``conform_id_token_claims=False`` (default) puts ``name``/``email`` in the ID token of
    the code flow, as Keycloak, Entra ID and Google do; ``True`` makes them userinfo-only.
    ``ttl`` overrides oidc-provider lifetimes in seconds, e.g. ``{"AccessToken": 5}``.
    """

    def __init__(
        self,
        clients: Iterable[Mapping[str, Any]] = (),
        audience: str = "kennispunt-api",
        keys: Sequence[Mapping[str, Any]] | None = None,
        *,
        conform_id_token_claims: bool = False,
        ttl: Mapping[str, int] | None = None,
        port: int = 0,
    ) -> None:
        self.clients = [dict(client) for client in clients]
        self.audience = audience
        self.resource = resource_for(audience)
        self.keys: list[dict[str, Any]] = [dict(key) for key in keys] if keys else [generate_rsa_jwk("key-1")]
        self.conform_id_token_claims = conform_id_token_claims
        self.ttl = dict(ttl) if ttl else None
        self.port = port
        self.issuer = ""
        self._cookie_keys = [secrets.token_urlsafe(32)]
        self._dir = Path(tempfile.mkdtemp(prefix="kennispunt-oidc-"))
        self._process: subprocess.Popen[str] | None = None
        self._log_path = self._dir / "provider.log"
        self._discovery: dict[str, Any] | None = None
        self._finalizer = weakref.finalize(self, _cleanup, None, self._dir)

    # lifecycle

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> OIDCProvider:
        if self._process is not None:
            raise ProviderError("provider already running")
        ensure_node_modules()
        config_path = self._dir / "config.json"
        config_path.write_text(json.dumps(self._config(), indent=2))
        log = open(self._log_path, "a")  # noqa: SIM115 - handed to the child
        try:
            process = subprocess.Popen(
                ["node", str(PROVIDER_SCRIPT), str(config_path), str(self.port)],
                cwd=HERE,
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        finally:
            log.close()
        self._process = process
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _cleanup, process, self._dir)
        line = _read_ready_line(process, READY_TIMEOUT)
        if line is None or not line.startswith("READY "):
            self.stop()
            raise ProviderError(f"oidc-provider did not start (got {line!r}); log:\n{self.log}")
        self.issuer = line.split(" ", 1)[1].strip()
        self.port = urlsplit(self.issuer).port or self.port
        self._discovery = None
        try:
            self.discovery()  # fetched now, so async helpers never block on it later
        except Exception as exc:
            self.stop()
            raise ProviderError(f"oidc-provider discovery failed: {exc}; log:\n{self.log}") from exc
        # keep draining stdout so the child never blocks on a full pipe
        threading.Thread(target=_drain, args=(process,), daemon=True).start()
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        _terminate(process)

    def restart(self, keys: Sequence[Mapping[str, Any]] | None = None) -> OIDCProvider:
        """Stop and start again on the same port (same issuer), with ``keys`` if given."""
        if keys is not None:
            self.keys = [dict(key) for key in keys]
        self.stop()
        deadline = time.monotonic() + 10
        while True:
            try:
                return self.start()
            except ProviderError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # the port may take a moment to be free again

    def close(self) -> None:
        self.stop()
        self._finalizer()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log(self) -> str:
        """The provider's stderr so far (warnings, and every error it reported)."""
        try:
            return self._log_path.read_text()
        except FileNotFoundError:
            return ""

    def _config(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "clients": self.clients,
            "jwks": {"keys": self.keys},
            "audience": self.audience,
            "resource": self.resource,
            "cookie_keys": self._cookie_keys,
            "conform_id_token_claims": self.conform_id_token_claims,
        }
        if self.ttl:
            config["ttl"] = self.ttl
        return config

    # what the provider publishes

    @property
    def public_keys(self) -> list[dict[str, Any]]:
        """The public JWKs of :attr:`keys` (what the JWKS URI serves)."""
        return [public_jwk(key) for key in self.keys]

    def discovery(self) -> dict[str, Any]:
        """The provider's ``/.well-known/openid-configuration`` (cached until restart)."""
        if self._discovery is None:
            response = httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10)
            response.raise_for_status()
            self._discovery = response.json()
        return self._discovery

    def endpoint(self, name: str) -> str:
        """A URL from discovery: ``endpoint("token")`` -> ``token_endpoint``."""
        key = name if name.endswith(("_endpoint", "_uri")) else f"{name}_endpoint"
        return str(self.discovery()[key])

    def jwks(self) -> dict[str, Any]:
        """The JWKS document the provider serves right now."""
        response = httpx.get(self.endpoint("jwks_uri"), timeout=10)
        response.raise_for_status()
        return dict(response.json())


def _read_ready_line(process: subprocess.Popen[str], timeout: float) -> str | None:
    assert process.stdout is not None
    result: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        result.append(process.stdout.readline())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        return None
    return result[0].strip() if result else None


def _drain(process: subprocess.Popen[str]) -> None:
    stream = process.stdout
    if stream is None:
        return
    try:
        for _ in stream:
            pass
    except (OSError, ValueError):
        pass


def _terminate(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    if process.stdout is not None:
        with contextlib.suppress(OSError):
            process.stdout.close()


def _cleanup(process: subprocess.Popen[str] | None, directory: Path) -> None:
    if process is not None:
        _terminate(process)
    shutil.rmtree(directory, ignore_errors=True)


# --- token endpoint --------------------------------------------------------------------


def client_credentials_token(
    provider: OIDCProvider,
    client_id: str,
    secret: str,
    audience: str | None = None,
    *,
    scope: str | None = None,
    auth_method: str = "client_secret_basic",
) -> str:
    """An access token (a JWT with ``aud`` = ``audience``) from the client_credentials grant."""
    data = {"grant_type": "client_credentials", "resource": resource_for(audience or provider.audience)}
    if scope:
        data["scope"] = scope
    response = _token_request(provider, client_id, secret, data, auth_method)
    return str(response["access_token"])


def _token_request(
    provider: OIDCProvider,
    client_id: str,
    secret: str,
    data: dict[str, str],
    auth_method: str,
) -> dict[str, Any]:
    url, data, auth = _token_request_parts(provider, client_id, secret, data, auth_method)
    return _token_response(httpx.post(url, data=data, auth=auth, timeout=10))


def _token_request_parts(
    provider: OIDCProvider,
    client_id: str,
    secret: str,
    data: dict[str, str],
    auth_method: str,
) -> tuple[str, dict[str, str], tuple[str, str] | None]:
    if auth_method == "client_secret_basic":
        return provider.endpoint("token"), data, (client_id, secret)
    if auth_method == "client_secret_post":
        return provider.endpoint("token"), {**data, "client_id": client_id, "client_secret": secret}, None
    raise ValueError(f"unsupported auth_method {auth_method!r}")


def _token_response(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 200:
        raise LoginFlowError(f"token request failed: {response.status_code} {response.text}")
    return dict(response.json())


# --- the browser flow ------------------------------------------------------------------


@dataclass
class _Form:
    action: str
    method: str
    id: str | None
    fields: dict[str, str] = field(default_factory=dict)
    submit: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """Forms of a page: action, method, named inputs, and the first named submit button."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._current: _Form | None = None
        self._buttons: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = _Form(a.get("action", ""), a.get("method", "get").lower(), a.get("id"))
            self.forms.append(self._current)
        elif tag == "input" and a.get("name"):
            target = self._owner(a)
            if target is None:
                return
            kind = a.get("type", "text").lower()
            if kind == "submit":
                target.submit.setdefault(a["name"], a.get("value", ""))
            elif kind not in ("checkbox", "radio") or "checked" in a:
                target.fields[a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("name") and a.get("type", "submit").lower() == "submit":
            self._buttons.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None

    def _owner(self, attrs: Mapping[str, str]) -> _Form | None:
        if attrs.get("form"):
            return next((f for f in self.forms if f.id == attrs["form"]), None)
        return self._current

    def close(self) -> None:
        super().close()
        for button in self._buttons:  # <button form="..."> may stand outside its form
            owner = next((f for f in self.forms if f.id == button.get("form")), None)
            owner = owner or (self.forms[-1] if self.forms else None)
            if owner is not None and not owner.submit:
                owner.submit[button["name"]] = button.get("value", "")


def _forms(html: str) -> list[_Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def _location(response: httpx.Response) -> str:
    return urljoin(str(response.url), response.headers["location"])


def _matches(url: str, prefix: str) -> bool:
    if _is_absolute_uri(prefix):
        return url.startswith(prefix)
    return urlsplit(url).path.startswith(prefix)


def _describe(response: httpx.Response) -> str:
    text = re.sub(r"<style.*?</style>", "", response.text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return f"{response.request.method} {response.url} -> {response.status_code}: {text[:600]}"


async def _drive(
    http: httpx.AsyncClient,
    response: httpx.Response,
    *,
    login: str,
    password: str,
    stop_at: Callable[[str], bool],
    follow_stop: bool,
    max_steps: int,
) -> httpx.Response:
    """Follow redirects and fill the provider's forms until a redirect to ``stop_at``."""
    for _ in range(max_steps):
        if response.is_redirect:
            target = _location(response)
            if stop_at(target):
                return await http.get(target, follow_redirects=False) if follow_stop else response
            response = await http.get(target, follow_redirects=False)
            continue
        if response.status_code == 200 and "text/html" in response.headers.get("content-type", ""):
            form = _pick_form(_forms(response.text))
            if form is not None:
                data = dict(form.fields)
                if data.get("prompt") == "login":
                    data["login"] = login
                    data["password"] = password
                data.update(form.submit)
                action = urljoin(str(response.url), form.action or str(response.url))
                if form.method == "post":
                    response = await http.post(action, data=data, follow_redirects=False)
                else:
                    response = await http.get(action, params=data, follow_redirects=False)
                continue
        raise LoginFlowError(f"unexpected step in the login flow: {_describe(response)}")
    raise LoginFlowError(f"login flow did not finish in {max_steps} steps; last: {_describe(response)}")


def _pick_form(forms: list[_Form]) -> _Form | None:
    for form in forms:
        if form.fields.get("prompt") in ("login", "consent"):
            return form
    for form in forms:  # rp-initiated logout: "Do you want to sign-out?" -> yes
        if form.id == "op.logoutForm":
            form.submit = {"logout": "yes"}
            return form
    return None


def _forget_provider_session(http: httpx.AsyncClient) -> None:
    for cookie in list(http.cookies.jar):
        if cookie.name.startswith(PROVIDER_COOKIE_PREFIX):
            http.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)


async def login_through_provider(
    http: httpx.AsyncClient,
    start_url: str,
    login: str,
    *,
    password: str = "any password",
    callback_prefix: str = "/auth/callback",
    fresh_session: bool = True,
    max_steps: int = 20,
) -> httpx.Response:
    """Sign in through the app: ``start_url`` -> provider login form -> consent -> callback.

    Follows the redirects from ``start_url`` (e.g. the app's ``/auth/login``) to the
    provider, submits its login form as ``login`` and its consent form, follows the
    redirect to the app's callback and returns the callback's response *without following
    it* (inspect its ``Set-Cookie`` and ``Location``). ``callback_prefix`` is a path prefix
    or an absolute URL prefix of the callback. ``http`` keeps cookies across the chain;
    with ``fresh_session`` (default) the provider's session cookie is dropped first, so the
    provider asks for the login again instead of reusing an earlier user's session.
    """
    if fresh_session:
        _forget_provider_session(http)
    first = await http.get(start_url, follow_redirects=False)
    if not first.is_redirect:
        raise LoginFlowError(f"{start_url} did not redirect to the provider: {_describe(first)}")
    return await _drive(
        http,
        first,
        login=login,
        password=password,
        stop_at=lambda url: _matches(url, callback_prefix),
        follow_stop=True,
        max_steps=max_steps,
    )


async def logout_through_provider(
    http: httpx.AsyncClient,
    start_url: str,
    *,
    return_prefix: str,
    method: str = "GET",
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    max_steps: int = 10,
) -> httpx.Response:
    """Follow the app's logout (``start_url``) through the provider's end-session page.

    Confirms the provider's "Do you want to sign-out?" form and stops at the redirect to
    ``return_prefix`` (path or absolute URL prefix, the post-logout redirect URI), which
    is requested and its response returned unfollowed. ``method``/``data``/``headers``
    shape the first request (a POST logout, an Origin header).
    """
    first = await http.request(
        method, start_url, data=dict(data) if data else None, headers=headers, follow_redirects=False
    )
    if _matches(str(first.url), return_prefix) and not first.is_redirect:
        return first
    return await _drive(
        http,
        first,
        login="",
        password="",
        stop_at=lambda url: _matches(url, return_prefix),
        follow_stop=True,
        max_steps=max_steps,
    )


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def authorization_code_tokens(
    provider: OIDCProvider,
    client_id: str,
    secret: str,
    redirect_uri: str,
    login: str,
    *,
    audience: str | None = None,
    scope: str = "openid profile email",
    nonce: str | None = None,
    auth_method: str = "client_secret_basic",
    http: httpx.AsyncClient | None = None,
) -> dict[str, Any]:
    """The whole authorization-code flow with PKCE, as a client of the provider would do it.

    Signs in as ``login`` through the provider's forms, stops at the redirect to
    ``redirect_uri`` (which is never requested, it need not exist), checks ``state`` and
    ``iss``, and redeems the code. Returns the token response (``access_token``,
    ``id_token``, ``expires_in``, ...). With ``audience`` the access token is a JWT for
    that audience (``resource`` on both requests); without it, it is the provider's opaque
    token for its userinfo endpoint.
    """
    verifier, challenge = _pkce_pair()
    state = secrets.token_urlsafe(16)
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
        "nonce": nonce or secrets.token_urlsafe(16),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    resource = resource_for(audience) if audience else None
    if resource:
        params["resource"] = resource
    authorize = f"{provider.endpoint('authorization')}?{urlencode(params)}"
    own = http is None
    client = http or httpx.AsyncClient(timeout=10)
    try:
        first = await client.get(authorize, follow_redirects=False)
        last = await _drive(
            client,
            first,
            login=login,
            password="any password",
            stop_at=lambda url: url.startswith(redirect_uri),
            follow_stop=False,
            max_steps=20,
        )
    finally:
        if own:
            await client.aclose()
    query = parse_qs(urlsplit(_location(last)).query)
    if "error" in query:
        raise LoginFlowError(f"authorization failed: {query}")
    if query.get("state") != [state]:
        raise LoginFlowError(f"state mismatch: {query.get('state')} != {state}")
    if query.get("iss") not in (None, [provider.issuer]):
        raise LoginFlowError(f"iss mismatch: {query.get('iss')} != {provider.issuer}")
    data = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    if resource:
        data["resource"] = resource
    url, data, auth = _token_request_parts(provider, client_id, secret, data, auth_method)
    async with httpx.AsyncClient(timeout=10, auth=auth) as token_client:
        return _token_response(await token_client.post(url, data=data))
