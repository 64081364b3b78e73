"""Trainings and courses, and registrations with a waitlist."""
