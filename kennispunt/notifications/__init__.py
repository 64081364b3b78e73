"""Notifications: what a user is told about (a membership requested or decided, ...)."""
