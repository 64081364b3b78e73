"""Users, staff roles and personal access tokens."""
