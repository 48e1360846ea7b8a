"""Kept for test files written before ``tests/support/``: new code imports from there."""

from .support.courses import readme_example, write_course

__all__ = ["readme_example", "write_course"]
