// A real OpenID Connect provider for the Kennispunt test suite: the npm package
// `oidc-provider` (panva), configured for plain http on loopback.
//
// Usage:  node provider.mjs <config.json> [port]
//    or:  OIDC_PROVIDER_CONFIG=<config.json> OIDC_PROVIDER_PORT=<port> node provider.mjs
//
// Port 0 (the default) lets the OS choose a free port; the issuer is then
// http://127.0.0.1:<chosen port>. When the server listens, one line
// `READY <issuer>` is written to stdout. SIGTERM / SIGINT stop it cleanly.
//
// The config file is JSON (written by tests/oidc/harness.py):
//   {
//     "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris, ...}],
//     "jwks": {"keys": [<private JWK>, ...]},     // first key signs
//     "audience": "kennispunt-api",               // `aud` of JWT access tokens
//     "resource": "urn:audience:kennispunt-api",  // optional: its resource indicator (absolute URI)
//     "cookie_keys": ["..."],                     // optional
//     "conform_id_token_claims": false,           // optional (see below)
//     "ttl": {"AccessToken": 3600, "IdToken": 3600, ...}  // optional, seconds
//   }
//
// Resource indicators (RFC 8707) must be absolute URIs, an audience such as
// "kennispunt-api" is not. The indicator `urn:audience:<aud>` therefore stands for the
// audience `<aud>`; any other absolute URI indicator is its own audience. Every resource
// server issues RS256-signed JWT access tokens.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

const AUDIENCE_URN = 'urn:audience:';
const HOST = '127.0.0.1';

const configPath = process.argv[2] ?? process.env.OIDC_PROVIDER_CONFIG;
if (!configPath) {
  console.error('usage: node provider.mjs <config.json> [port]');
  process.exit(2);
}
const requestedPort = Number(process.argv[3] ?? process.env.OIDC_PROVIDER_PORT ?? 0);
const config = JSON.parse(readFileSync(configPath, 'utf8'));

const audience = config.audience ?? 'kennispunt-api';
const resourceFor = (aud) => (URL.parse(aud) ? aud : `${AUDIENCE_URN}${aud}`);
const defaultIndicator = config.resource ?? resourceFor(audience);
const audienceFor = (indicator) => {
  if (indicator === defaultIndicator) return audience;
  if (indicator.startsWith(AUDIENCE_URN)) return indicator.slice(AUDIENCE_URN.length);
  return indicator;
};

// Defaults: a client with redirect URIs signs people in (code flow) and may also use
// client_credentials; one without is a service (client_credentials only).
const clients = (config.clients ?? []).map((client) => {
  const browser = (client.redirect_uris ?? []).length > 0;
  return {
    grant_types: browser
      ? ['authorization_code', 'client_credentials', 'refresh_token']
      : ['client_credentials'],
    response_types: browser ? ['code'] : [],
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [],
    post_logout_redirect_uris: [],
    ...client,
  };
});

const jwks = config.jwks ?? (config.keys ? { keys: config.keys } : undefined);
if (!jwks?.keys?.length) {
  console.error('provider.mjs: the config must contain "jwks": {"keys": [<private JWK>, ...]}');
  process.exit(2);
}

// A person "logs in" with any id: the id is the subject; e-mail and name follow from it.
function accountClaims(login) {
  const email = login.includes('@') ? login : `${login}@example.org`;
  const local = login.includes('@') ? login.slice(0, login.indexOf('@')) : login;
  const name = local
    .split(/[._\-+\s]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ') || login;
  return { sub: login, name, email, email_verified: true };
}

// Listen first (port 0 = any free port), so the issuer carries the real port.
let handler = (_req, res) => {
  res.statusCode = 503;
  res.end('starting');
};
const server = createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 1000;

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(requestedPort, HOST, resolve);
});
const { port } = server.address();
const issuer = `http://${HOST}:${port}`;

const provider = new Provider(issuer, {
  clients,
  jwks,
  cookies: {
    // Cookies do not isolate ports, and the app under test also runs on 127.0.0.1:
    // distinctive names keep the provider's cookies apart from the app's.
    names: {
      session: 'oidc_op_session',
      interaction: 'oidc_op_interaction',
      resume: 'oidc_op_interaction_resume',
    },
    keys: config.cookie_keys ?? [randomBytes(32).toString('base64url')],
    // No `secure`: plain http on loopback. oidc-provider adds Secure itself on https.
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
  },
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
  },
  // Like Keycloak, Entra ID and Google, put the scope's claims (name, email) in the
  // ID token of the code flow as well; true = strict spec behaviour (userinfo only).
  conformIdTokenClaims: config.conform_id_token_claims ?? false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return accountClaims(id);
      },
    };
  },
  pkce: {
    required: () => true, // S256 is the only method oidc-provider supports
  },
  features: {
    devInteractions: { enabled: true }, // the provider's own login + consent forms
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      async defaultResource(_ctx, _client, oneOf) {
        if (oneOf) return oneOf.includes(defaultIndicator) ? defaultIndicator : oneOf;
        return defaultIndicator;
      },
      async getResourceServerInfo(_ctx, indicator) {
        const aud = audienceFor(indicator);
        if (!aud) throw new errors.InvalidTarget();
        return {
          scope: 'openid profile email',
          audience: aud,
          accessTokenTTL: config.ttl?.AccessToken ?? 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
      // Only a token request that names `resource` gets the API's JWT access token;
      // without it (openid scope) the access token stays usable at userinfo.
      async useGrantedResource() {
        return false;
      },
    },
  },
  ...(config.ttl ? { ttl: config.ttl } : {}),
});

// Show why a request failed in the provider's log (stderr), the harness keeps it.
for (const event of ['server_error', 'authorization.error', 'grant.error', 'end_session.error',
  'userinfo.error', 'introspection.error', 'revocation.error', 'jwks.error', 'discovery.error']) {
  provider.on(event, (_ctx, err) => {
    console.error(`[oidc-provider] ${event}: ${err?.name ?? ''} ${err?.message ?? err}`
      + `${err?.error_description ? ` (${err.error_description})` : ''}`);
  });
}

// oidc-provider checks static client metadata lazily; fail now, with the reason.
for (const { client_id: clientId } of clients) {
  try {
    if (!await provider.Client.find(clientId)) throw new Error('not found');
  } catch (err) {
    console.error(`provider.mjs: invalid client ${clientId}: ${err.error_description ?? err.message}`);
    process.exit(2);
  }
}

handler = provider.callback();
process.stdout.write(`READY ${issuer}\n`);

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
