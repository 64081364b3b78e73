"""Idempotency keys: a request sent twice with the same key is carried out once."""
