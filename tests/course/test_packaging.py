"""The two ways to install (pip from pyproject.toml, conda from environment.yml) must agree,
and the Makefile must keep its promises about the set-up."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]


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
    # packages that conda-forge lacks come from PyPI through the nested pip list
    conda_names |= {_name(r) for r in re.findall(r"^      - ([A-Za-z0-9_.][^:#\n]*)$", deps, re.M)}
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
    assert "--ServerApp.ip=127.0.0.1" in lab
    # the whole course is served (build/student/ too) and the page lands on the course map
    assert re.search(r"^LAB_ROOT \?= \.$", make, re.M) and "root_dir=$(LAB_ROOT)" in lab
    assert "--LabApp.default_url=/lab/tree/notebooks/index.ipynb" in lab
    assert "token" not in lab  # token authentication left on (Jupyter's default)
    assert "--ExecutePreprocessor.timeout" in make


def test_ci_installs_chromium_when_missing_and_runs_every_suite():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci
    assert "apt-get update" in ci and "apt-get install -y" in ci and "chromium" in ci
    assert re.search(r"^for target in test test-portable e2e test-teaching test-oldest; do$", ci, re.M)
    assert 'make "$target"' in ci
    make = (ROOT / "Makefile").read_text()
    for target in ("test", "test-portable", "e2e", "test-teaching", "student", "test-oldest"):
        assert re.search(rf"^{target}:", make, re.M), target


def test_make_test_portable_runs_nbval_under_other_kernels_threads_and_simd_loops():
    make = (ROOT / "Makefile").read_text()
    runs = re.findall(r'"(OPENBLAS_CORETYPE=[^"]*)"', make)
    assert len({re.search(r"OPENBLAS_CORETYPE=(\w+)", r).group(1) for r in runs}) >= 2
    assert {re.search(r"OPENBLAS_NUM_THREADS=(\d+)", r).group(1) for r in runs} >= {"1", "2"}
    assert any("NPY_DISABLE_CPU_FEATURES=$(NPY_DISPATCHED)" in r for r in runs)
    recipe = re.search(r"^test-portable:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    assert "env $$run" in recipe and "-m pytest -q notebooks" in recipe and "exit 1" in recipe


def test_make_test_stays_browser_free_and_e2e_explains_a_missing_chromium():
    make = (ROOT / "Makefile").read_text()
    test = re.search(r"^test:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    assert "e2e" not in test
    e2e = re.search(r"^e2e:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    assert "apt-get install -y chromium" in e2e and "exit 1" in e2e
    assert "-m pytest tests/e2e" in e2e


def test_make_lab_opens_the_course_map_without_the_news_pop_up():
    make = (ROOT / "Makefile").read_text()
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", make, re.M).group(1)
    assert "notebooks/index.ipynb" in lab and (ROOT / "notebooks" / "index.ipynb").exists()
    assert "$(LAB_OVERRIDES)" in re.search(r"^lab:.*$", make, re.M).group(0)
    overrides = re.search(r"^LAB_OVERRIDES := (.*)$", make, re.M).group(1)
    assert overrides.startswith("$(VENV)/share/jupyter/lab/settings/")  # inside .venv, never the user's home
    assert '"fetchNews": "false"' in make


def _floors(requirements):
    floors = {}
    for r in requirements:
        name, _, version = r.partition(">=")
        floors[_name(name)] = version.strip()
    return floors


def test_constraints_pin_every_floor_of_pyproject():
    """make test-oldest installs exactly the lower bounds: the constraints file must name each one."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    floors = _floors(
        project["dependencies"] + project["optional-dependencies"]["dev"] + data["build-system"]["requires"]
    )
    assert all(floors.values()), floors  # every dependency has a lower bound
    pins = {}
    for line in (ROOT / "constraints-oldest.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = version.strip()
    for name, floor in floors.items():
        assert name in pins, f"constraints-oldest.txt does not pin {name} (floor {floor})"
        assert pins[name].split(".")[: len(floor.split("."))] == floor.split(".") and all(
            p == "0" for p in pins[name].split(".")[len(floor.split(".")) :]
        ), f"{name}: pinned {pins[name]}, floor {floor}"
    # anything else pinned is a dependency of a floor, not one of ours
    all_ours = _floors(project["dependencies"] + [r for e in project["optional-dependencies"].values() for r in e])
    assert not (set(pins) - set(floors)) & set(all_ours)


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


def test_every_building_block_of_nn_is_in_the_contract_below_the_network():
    """A new module of nn must join the contract that keeps it from importing `nn.mlp`."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    blocks = next(c for c in contracts if c["name"].startswith("nn's building blocks"))
    listed = {m.removeprefix("lecturekit.nn.") for m in blocks["source_modules"]}
    present = {p.stem for p in (ROOT / "lecturekit" / "nn").glob("*.py")} - {"__init__", "mlp"}
    assert present == listed
    assert blocks["forbidden_modules"] == ["lecturekit.nn.mlp"]


def test_upper_layers_are_packages_by_topic():
    package = ROOT / "lecturekit"
    for layer in ("plots", "widgets", "checks", "nn"):
        assert (package / layer / "__init__.py").exists(), layer
    assert not list(package.glob("plots_*.py")) and not (package / "checks.py").exists()


def test_the_license_is_an_spdx_expression_with_its_file():
    """setuptools 77 deprecates the license table (a warning on every install); PEP 639 wants SPDX."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = pyproject["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert all((ROOT / f).is_file() for f in project["license-files"])
    assert any(r.replace(" ", "").startswith("setuptools>=77") for r in pyproject["build-system"]["requires"])


def test_the_wheel_carries_everything_the_notebooks_load_from_the_package(tmp_path):
    """A wheel built from the repository holds frames.js and every picture `show_image` shows (issue 26 item 6):
    outside a clone of the repository nothing else is there. The full install-and-run test is
    tests/e2e/test_wheel.py."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("lecturekit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lecturekit/widgets/frames.js" in names
    pictures = {p.name for p in (ROOT / "lecturekit" / "resources").iterdir() if p.suffix in (".png", ".gif")}
    assert {"saddle_surfaces.png", "race.gif"} <= pictures
    assert {f"lecturekit/resources/{name}" for name in pictures} <= names
    assert not any(n.startswith(("res/", "notebooks/", "tests/")) for n in names)


def test_every_picture_a_notebook_shows_is_package_data():
    from lecturekit import style

    shown = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = (path).read_text(encoding="utf-8")
        shown |= set(re.findall(r'show_image\(\\"([^\\"]+)\\"', text))
    assert shown >= {"saddle_surfaces.png", "race.gif"}
    assert shown <= set(style.available_images())


def test_every_docstring_example_of_lecturekit_runs():
    """The API reference of the website (site/, `make site`) shows the docstrings: their examples must hold."""
    import doctest
    import importlib
    import pkgutil

    import numpy as np

    import lecturekit

    attempted, failures = 0, []
    saved = np.get_printoptions()
    try:
        for info in pkgutil.walk_packages(lecturekit.__path__, "lecturekit."):
            module = importlib.import_module(info.name)
            result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=False)
            attempted += result.attempted
            if result.failed:
                failures.append(f"{info.name}: {result.failed} of {result.attempted} examples failed")
    finally:
        np.set_printoptions(**saved)
    assert not failures, failures
    assert attempted >= 100  # the optimizers, schedules, networks and objectives carry examples
