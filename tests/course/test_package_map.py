"""The maps of the package match what is there: every module of every package of lecturekit is
named in its package's docstring and reachable through its ``__all__`` (where it has one), every
top-level module is in README's "How the pieces fit", and neither map names a module that is gone.

Whatever modules exist are checked, so a new module fails here until the maps name it. (That a new
compute module joins the import-linter contract is `test_packaging.py`'s
``test_the_compute_contract_names_every_module_below_the_upper_layers``.)
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lecturekit"
PACKAGES = sorted(p.parent for p in PACKAGE.rglob("__init__.py"))


def exports(package: Path) -> bool:
    """Whether ``package``'s ``__init__.py`` sets ``__all__``."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in ast.walk(tree))


EXPORTING = [p for p in PACKAGES if exports(p)]


def dotted(package: Path) -> str:
    return ".".join(package.relative_to(ROOT).parts)


def modules(package: Path) -> set[str]:
    """The modules (``*.py``) and subpackages (folders with ``__init__.py``) of ``package``."""
    found = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    return found | {p.parent.name for p in package.glob("*/__init__.py")}


def docstring(package: Path) -> str:
    return ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""


def named(text: str, name: str) -> bool:
    """``name`` appears as a code reference: `name`, `name/` or `name.something`."""
    return re.search(rf"`{re.escape(name)}[`/.]", text) is not None


def listed(text: str) -> set[str]:
    """The names a list in ``text`` opens its items with: ``* `a`, `b`: ...`` gives a and b."""
    out = set()
    for head in re.findall(r"^\s*\* ((?:`[A-Za-z_]\w*/?`(?:, )?)+)", text, re.M):
        out |= {n.rstrip("/") for n in re.findall(r"`([^`]+)`", head)}
    return out


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## How the pieces fit\n(.*?)^## ", text, re.M | re.S)
    assert match, 'README.md has no "## How the pieces fit" section'
    return match.group(1)


@pytest.mark.parametrize("package", PACKAGES, ids=dotted)
def test_the_package_docstring_names_every_module_and_only_those(package):
    text = docstring(package)
    missing = sorted(m for m in modules(package) if not named(text, m))
    assert not missing, f"{dotted(package)}'s docstring does not name {missing}"
    gone = sorted(listed(text) - modules(package))
    assert not gone, f"{dotted(package)}'s docstring lists {gone}, which are not modules of it"


@pytest.mark.parametrize("package", EXPORTING, ids=dotted)
def test_every_module_is_reachable_through_all(package):
    """A module is in ``__all__`` itself, or some name of ``__all__`` is defined in it."""
    pkg = importlib.import_module(dotted(package))
    exported = {name: getattr(pkg, name, None) for name in pkg.__all__}
    assert all(v is not None for v in exported.values()), [n for n, v in exported.items() if v is None]
    homes = {getattr(v, "__module__", None) for v in exported.values()}
    homes |= {v.__name__ for v in exported.values() if type(v).__name__ == "module"}
    missing = sorted(m for m in modules(package) if f"{pkg.__name__}.{m}" not in homes)
    assert not missing, f"{pkg.__name__}.__all__ reaches nothing of {missing}"


def test_the_readme_names_every_top_level_module_and_only_those():
    text = readme_section()
    missing = sorted(m for m in modules(PACKAGE) if not named(text, m))
    assert not missing, f'README.md\'s "How the pieces fit" does not name {missing}'
    gone = sorted(listed(text) - modules(PACKAGE))
    assert not gone, f'README.md\'s "How the pieces fit" lists {gone}, which are not modules of lecturekit'


def test_the_maps_see_a_module_they_leave_out():
    """The helpers find what is missing, and a listed module that is not there."""
    text = "* `descent` -- one\n* `sgd`, `gone/`: two\n\nthe `base.Objective` type"
    assert named(text, "descent") and named(text, "base") and named(text, "gone")
    assert not named(text, "des") and not named(text, "adaptive")
    assert listed(text) == {"descent", "sgd", "gone"}
    assert "momentum" in modules(PACKAGE / "widgets") and "controls" in modules(PACKAGE / "widgets")
    assert {"plots", "widgets", "nn"} <= modules(PACKAGE)
