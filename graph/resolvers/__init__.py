"""Root fields (queries and mutations), one module per domain: decode, call a service, shape."""
