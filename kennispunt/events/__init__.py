"""The outbox: every change worth telling subscribers about is an `Event` row,
written in the same transaction as the change itself."""
