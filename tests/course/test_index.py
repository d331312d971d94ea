"""notebooks/index.ipynb is the page `make lab` opens: the course map of README.md, with links
that work from inside notebooks/. It has no code, so nbval and the chapter-structure tests leave
it alone; this test keeps its map equal to README's."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / "notebooks" / "index.ipynb"


def readme_course_map() -> str:
    """README's course-map table, links rewritten relative to notebooks/."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Course map", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.strip().splitlines() if line.startswith("|"))
    return table.replace("](notebooks/", "](")


def test_index_shows_the_course_map_of_the_readme():
    cells = json.loads(INDEX.read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    expected = readme_course_map()
    assert expected in markdown, (
        "notebooks/index.ipynb's course map differs from README.md's; replace its table with:\n" + expected
    )


def test_index_links_every_chapter_it_names_and_has_no_code():
    cells = json.loads(INDEX.read_text(encoding="utf-8"))["cells"]
    assert all(c["cell_type"] == "markdown" for c in cells)
    markdown = "\n".join("".join(c["source"]) for c in cells)
    for link in re.findall(r"\]\(([^)#]+\.ipynb)\)", markdown):
        assert (INDEX.parent / link).exists(), link
