"""Lesson recipes (course layer)."""
