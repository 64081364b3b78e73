"""Strawberry types, one module per domain; `graph.schema.schema` assembles them."""
