"""Who is calling: bearer tokens now; OIDC login, sessions and API keys sit beside them."""
