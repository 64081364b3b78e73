"""Kennispunt: the platform of the knowledge centre for Dutch local political parties."""
