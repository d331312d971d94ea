"""The JavaScript the slides and nbgrader's feedback pages load, from npm, copied next to them.

`install` fetches the exact `NPM_PACKAGES` once into ``build/vendor/node_modules`` (about 80 MB,
mostly MathJax's fonts in every format and its unpacked sources), saying what it downloads before
it does. `copy` then puts only the files a page loads into a small folder beside the page (about
2.4 MB: `MATHJAX` is MathJax 2 with its CommonHTML output and the TeX fonts as woff, `REVEAL` is
reveal.js's core, white theme and speaker notes), so that a deck or a feedback page opens offline
from a folder that holds nothing else.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "build" / "vendor"
# Exact versions, so that every build presents the same way.
NPM_PACKAGES = ("reveal.js@4.6.1", "mathjax@2.7.9", "requirejs@2.3.8", "jquery@3.8.0")

#: What a page of MathJax 2 with the config TeX-AMS_CHTML-full,Safe loads (the rest it never asks for).
MATHJAX = (
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions/Safe.js",
    "extensions/MathMenu.js",
    "extensions/MathZoom.js",
    "extensions/MathEvents.js",
    "extensions/TeX",
    "jax/input/TeX",
    "jax/element/mml",
    "jax/output/CommonHTML",
    "fonts/HTML-CSS/TeX/woff",
)
#: What nbconvert's reveal template loads of reveal.js 4 with the white theme (its fonts beside it).
REVEAL = (
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro/*.woff",  # the first format of each @font-face a browser can read
    "dist/theme/fonts/source-sans-pro/source-sans-pro.css",
    "plugin/notes",
)
REQUIRE = ("require.js",)
JQUERY = ("dist/jquery.min.js",)
#: npm package -> the files of it a page needs (glob patterns), with the package's license.
FILES = {
    name: (*files, "LICENSE*")
    for name, files in {"mathjax": MATHJAX, "reveal.js": REVEAL, "requirejs": REQUIRE, "jquery": JQUERY}.items()
}


def install(directory: Path = VENDOR) -> Path:
    """The `NPM_PACKAGES` in ``directory``/node_modules, installed by npm when missing or of another version."""
    modules = directory / "node_modules"
    wanted = [modules / p.rsplit("@", 1)[0] / "package.json" for p in NPM_PACKAGES]
    versions = [json.loads(w.read_text()).get("version") if w.exists() else None for w in wanted]
    if versions != [p.rsplit("@", 1)[1] for p in NPM_PACKAGES]:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("the slides and feedback pages need npm (Node.js) once, to fetch reveal.js and MathJax")
        print(
            f"downloading {', '.join(NPM_PACKAGES)} from the npm registry into {directory} (once, about 80 MB)",
            file=sys.stderr,
            flush=True,
        )
        directory.mkdir(parents=True, exist_ok=True)
        cmd = [npm, "install", "--prefix", str(directory), "--no-audit", "--no-fund", "--no-save", *NPM_PACKAGES]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return modules


def copy(packages: tuple[str, ...], dest: Path, modules: Path | None = None) -> Path:
    """Copy the files of ``packages`` (names of `FILES`) a page needs into ``dest``/<package>/; returns ``dest``."""
    modules = modules or install()
    for package in packages:
        for part in FILES[package]:
            for src in sorted((modules / package).glob(part)):
                target = dest / package / src.relative_to(modules / package)
                if src.is_dir():
                    shutil.copytree(src, target, dirs_exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, target)
    return dest


def mathjax_url(prefix: str) -> str:
    """The script URL of the local MathJax under ``prefix`` (a relative URL of the folder `copy` wrote)."""
    return f"{prefix}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
