"""Where things are by default; kept free of heavy imports so a no-op build starts fast."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAYOUTS = PROJECT_ROOT / "layouts"
DEFAULT_DIST = PROJECT_ROOT / "dist"


def default_out_dir(course_id: str) -> Path:
    return DEFAULT_DIST / course_id


def quick_course_id(course_file: Path) -> str | None:
    """The course id from the main file alone, without loading the course; None when the
    file cannot say (the full load will then report why)."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(course_file.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    course_id = data.get("id") if isinstance(data, dict) else None
    return course_id if isinstance(course_id, str) else None
