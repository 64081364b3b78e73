"""The forum's root fields, by concern: reading, posting, moderating, following live."""
