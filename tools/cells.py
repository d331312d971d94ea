"""Notebook cells as the tools read and write them: one place for the source and the file format."""

from __future__ import annotations

import json
from pathlib import Path


def source(cell: dict) -> str:
    """A cell's source as one string (nbformat stores it as a string or as a list of lines)."""
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def set_source(cell: dict, text: str) -> None:
    """Store ``text`` as the list of lines nbformat writes (each but the last ending in a newline)."""
    lines = text.split("\n")
    cell["source"] = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def read(path: Path) -> dict:
    """A notebook file as a dict (no validation: the tools keep every field as they find it)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def notebook_text(nb: dict) -> str:
    """A notebook as nbformat writes it (so that an unchanged notebook keeps every byte)."""
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
