"""Live updates: subscriptions resolved once per group of subscribers (see `graph.live.feed`)."""
