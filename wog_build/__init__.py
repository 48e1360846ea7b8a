"""wog-build: one YAML course source → a printed module (PDF) and a trainer's deck (PPTX)."""

__version__ = "0.1.0"
