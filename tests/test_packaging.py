"""The two ways to install (pip from pyproject.toml, conda from environment.yml) must agree,
and the Makefile must keep its promises about the set-up."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_and_pyproject_name_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        pip_names |= {_name(r) for r in extra}
    text = (ROOT / "environment.yml").read_text()
    deps = text.split("dependencies:", 1)[1]
    # top-level entries of the dependencies list ("  - name>=x"); the nested pip list installs the package itself
    conda = re.findall(r"^  - ([A-Za-z0-9_.-][^:#\n]*)$", deps, re.M)
    conda_names = {_name(r) for r in conda} - {"python", "pip"}
    assert "conda-forge" in text.split("dependencies:", 1)[0]
    assert re.search(r"^      - -e \.$", deps, re.M), "environment.yml must pip-install the package itself"
    assert conda_names == pip_names


def test_dependencies_use_lower_bounds_not_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for e in project["optional-dependencies"].values() for r in e]
    env = (ROOT / "environment.yml").read_text()
    assert all("==" not in r and "<" not in r for r in reqs)
    assert "==" not in env


def test_makefile_recipes():
    make = (ROOT / "Makefile").read_text()
    assert "-m venv" in make
    assert "$(STAMP): pyproject.toml" in make  # reinstall only when pyproject.toml changed
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    assert "--ServerApp.ip=127.0.0.1" in lab and "root_dir=notebooks" in lab
    assert "token" not in lab  # token authentication left on (Jupyter's default)
    assert "--ExecutePreprocessor.timeout" in make
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_makefile_test_runs_the_layering_and_lint_checks():
    make = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    for command in ("lint-imports", "ruff check", "ruff format --check", "-m pytest"):
        assert command in recipe, command


UPPER_LAYERS = {"plots", "widgets", "checks"}


def test_the_compute_contract_names_every_module_below_the_upper_layers():
    """A new compute module must join the import-linter contract, or the layering could rot."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    compute = next(c for c in contracts if c["name"].startswith("compute never imports"))
    listed = {m.removeprefix("lecturekit.") for m in compute["source_modules"]}
    package = ROOT / "lecturekit"
    present = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    present |= {p.parent.name for p in package.glob("*/__init__.py")}
    assert present - UPPER_LAYERS == listed
    assert {m.removeprefix("lecturekit.") for m in compute["forbidden_modules"]} == UPPER_LAYERS


def test_upper_layers_are_packages_by_topic():
    package = ROOT / "lecturekit"
    for layer in ("plots", "widgets", "checks", "nn"):
        assert (package / layer / "__init__.py").exists(), layer
    assert not list(package.glob("plots_*.py")) and not (package / "checks.py").exists()
