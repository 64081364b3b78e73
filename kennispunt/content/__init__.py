"""The knowledge base: topics and articles."""
