"""The forum: categories, threads, replies, reactions, follows and moderation."""
