"""lecturekit installs anywhere (issue 32, issue 26 item 6): the wheel built from the repository, installed
into a fresh virtualenv outside the repository, runs every chapter from a temporary directory with nbval's
comparison against the committed outputs. Each chapter runs as the website's Colab copy (site/build.py: an
install cell first, which does nothing when lecturekit is installed, then the chapter unchanged). This is the
path of a learner on Colab or on their own Python, minus Colab: nothing from the clone (``res/``, the source
tree) is importable or on disk next to the notebooks.

The virtualenv installs from pip's cache after the first run; the chapters run one after another, each in its
own folder, each cell with nbval's timeout.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))  # the course map has no code


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh virtualenv with the wheel and nbval installed, a directory outside the repository)."""
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.parents
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(base / "dist"), str(ROOT)],
        check=True,
        cwd=base,
        timeout=600,
    )
    (wheel,) = (base / "dist").glob("lecturekit-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=300)
    python = base / "venv" / "bin" / "python"
    # nbval and pytest run the chapters; the wheel's own dependencies are what a learner gets
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel), "nbval>=0.11", "pytest>=8.0"],
        check=True,
        cwd=base,
        timeout=1200,
    )
    work = base / "work"
    work.mkdir()
    return python, work


def _site_build():
    """site/build.py as a module (site/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_build", ROOT / "site" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND", "VIRTUAL_ENV")}
    return env


def test_the_installed_package_comes_from_the_wheel_and_has_its_resources(installed):
    python, work = installed
    code = (
        "import pathlib, lecturekit, lecturekit.style as s, lecturekit.widgets.frames as f; "
        "print(lecturekit.__file__); print(sorted(s.available_images())); "
        "print(pathlib.Path(f.__file__).with_name('frames.js').is_file())"
    )
    out = subprocess.run([str(python), "-c", code], cwd=work, env=_env(), check=True, capture_output=True, text=True)
    where, pictures, has_js = out.stdout.splitlines()
    assert Path(where).is_relative_to(python.parent.parent) and not Path(where).is_relative_to(ROOT)
    assert "race.gif" in pictures and "saddle_surfaces.png" in pictures
    assert has_js == "True"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_chapter_runs_from_another_directory_with_the_committed_outputs(installed, chapter):
    python, work = installed
    folder = work / chapter.stem
    folder.mkdir()
    # the chapter as Colab gets it from the site: the install cell first (a no-op when lecturekit is there)
    copy = _site_build().colab_copy(chapter, "owner/repository", "main")
    (folder / chapter.name).write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", folder / "nbval_sanitize.cfg")
    (folder / "pytest.ini").write_text("[pytest]\n")  # this folder is pytest's root, not the repository
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with=nbval_sanitize.cfg",
            "--nbval-cell-timeout=300",
            chapter.name,
        ],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
