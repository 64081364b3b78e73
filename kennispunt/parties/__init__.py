"""Municipalities, local parties and their members."""
