"""Build the course website into build/site/ (``make site``): offline, from the committed notebooks.

Steps, each skipped when its result is up to date:

1. stage the sources in build/site-src/: every notebook of notebooks/ (copied, never edited; the
   course map index.ipynb gets one extra cell in the copy: the hidden table of contents Sphinx needs)
   and the pages of site/pages/;
2. vendor MathJax 3 from its npm package (``npm install`` into build/site-vendor/, once) and copy what
   the pages load into build/site-static/mathjax/;
3. render every explorer's pictures (site/render_frames.py, one process per chapter, two at a time),
   cached by a digest of the chapter's code and of lecturekit's source;
4. write each chapter's Colab copy (an install cell first, then the chapter unchanged) into
   build/site-extra/colab/;
5. ``sphinx-build`` (MyST-NB with execution off, the book theme, autosummary for the API).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build"
SRC = BUILD / "site-src"
STATIC = BUILD / "site-static"  # html_static_path next to site/_static: mathjax/, frames/
EXTRA = BUILD / "site-extra"  # html_extra_path: colab/
VENDOR = BUILD / "site-vendor"
OUT = BUILD / "site"
MATHJAX = "mathjax@3"
# What the pages load from MathJax's es5 folder: the combined TeX-to-CHTML component, the TeX extensions
# it may autoload, the CHTML fonts, and the menu and accessibility components it may ask for.
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y", "adaptors")

TOCTREE_CELL = {
    "cell_type": "markdown",
    "metadata": {},
    "source": "```{toctree}\n:hidden:\n:maxdepth: 1\n\n{chapters}\nrun\nown-course\napi\n```\n",
}


def chapters() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` unless ``path`` holds it already (Sphinx rebuilds only the sources that changed)."""
    if not (path.is_file() and path.read_bytes() == data):
        path.write_bytes(data)


def stage() -> None:
    SRC.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for nb in chapters():
        wanted[nb.name] = nb.read_bytes()
    index = json.loads((ROOT / "notebooks" / "index.ipynb").read_text(encoding="utf-8"))
    toc = TOCTREE_CELL["source"].replace("{chapters}", "\n".join(p.stem for p in chapters()))
    index["cells"].append(dict(TOCTREE_CELL, source=toc))
    wanted["index.ipynb"] = json.dumps(index, indent=1).encode()
    for page in (HERE / "pages").glob("*.md"):
        wanted[page.name] = page.read_bytes()
    for path in SRC.iterdir():
        if path.is_file() and path.name not in wanted:
            path.unlink()
    for name, data in wanted.items():
        _write(SRC / name, data)


def vendor_mathjax() -> None:
    es5 = VENDOR / "node_modules" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").is_file():
        if shutil.which("npm") is None:
            sys.exit("make site needs npm once, to vendor MathJax from its npm package (apt-get install -y npm)")
        print(f"site: npm install {MATHJAX} into {VENDOR.relative_to(ROOT)} (once)", flush=True)
        VENDOR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(VENDOR), MATHJAX], check=True)
    dest = STATIC / "mathjax"
    if (dest / "tex-chtml.js").is_file():
        return
    for part in MATHJAX_PARTS:
        source = es5 / part
        if source.is_dir():
            shutil.copytree(source, dest / part, dirs_exist_ok=True)
        elif source.is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest / part)


def _code_digest(nb: Path) -> str:
    h = hashlib.sha256()
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    h.update(json.dumps([c["source"] for c in cells if c["cell_type"] == "code"]).encode())
    for path in sorted((ROOT / "lecturekit").rglob("*")):
        if path.suffix in (".py", ".js") and path.is_file():
            h.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    h.update((HERE / "render_frames.py").read_bytes())
    return h.hexdigest()[:20]


def _render_one(nb: Path) -> str:
    out = STATIC / "frames" / nb.stem
    digest = _code_digest(nb)
    manifest = out / "manifest.json"
    if manifest.is_file() and json.loads(manifest.read_text()).get("key") == digest:
        return f"{nb.name}: pictures up to date"
    if out.exists():
        shutil.rmtree(out)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(HERE / "render_frames.py"), str(nb), str(out), digest],
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",  # a chapter runs where it lives
    )
    if result.returncode != 0:
        raise RuntimeError(f"rendering {nb.name}'s explorers failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return f"{result.stdout.strip()} in {time.monotonic() - start:.0f} s"


def render_frames(jobs: int) -> None:
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for line in pool.map(_render_one, chapters()):
            print("site:", line, flush=True)
    for nb in chapters():  # a page whose pictures are newer than it is built again (Sphinx sees the mtime)
        manifest, page = STATIC / "frames" / nb.stem / "manifest.json", OUT / f"{nb.stem}.html"
        if manifest.is_file() and (not page.is_file() or manifest.stat().st_mtime > page.stat().st_mtime):
            os.utime(SRC / nb.name)


#: The first cell of a chapter's Colab copy; {requirement} comes from site/conf.py (REPOSITORY, BRANCH).
INSTALL_CELL = """\
# Colab, or any Python without the course's package: install lecturekit first (a minute, once per session).
import importlib.util

if importlib.util.find_spec("lecturekit") is None:
    get_ipython().run_line_magic("pip", "install --quiet '{requirement}'")
"""


def colab_copy(nb: Path, repository: str, branch: str) -> dict:
    """The notebook ``nb`` with the install cell first (lecturekit from ``repository`` at ``branch``)."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    requirement = f"lecturekit @ git+https://github.com/{repository}@{branch}"
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": ["colab-install"]},
        "outputs": [],
        "source": INSTALL_CELL.replace("{requirement}", requirement),
    }
    data["cells"].insert(0, cell)
    return data


def colab_copies(repository: str, branch: str) -> None:
    dest = EXTRA / "colab"
    dest.mkdir(parents=True, exist_ok=True)
    for nb in chapters():
        data = json.dumps(colab_copy(nb, repository, branch), indent=1, ensure_ascii=False)
        _write(dest / nb.name, data.encode())


def sphinx(jobs: int) -> None:
    # Sphinx copies static files over the old ones: pictures of an earlier build would stay behind
    shutil.rmtree(OUT / "_static" / "frames", ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs), "-c", str(HERE), str(SRC), str(OUT)]
    # Sphinx does not see a change of the course's extension: then every page is read afresh
    stamp, digest = OUT / ".course-site", hashlib.sha256()
    for path in sorted((HERE / "_ext").glob("*.py")):
        digest.update(path.read_bytes())
    fresh = not stamp.is_file() or stamp.read_text() != digest.hexdigest()
    subprocess.run(command + (["-E"] if fresh else []), check=True, cwd=ROOT)
    stamp.write_text(digest.hexdigest())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="processes for the explorers' pictures and Sphinx")
    parser.add_argument("--no-frames", action="store_true", help="skip the explorers' pictures (a quick look)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import conf

    start = time.monotonic()
    stage()
    vendor_mathjax()
    if not args.no_frames:
        render_frames(args.jobs)
    colab_copies(conf.REPOSITORY, conf.BRANCH)
    sphinx(args.jobs)
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(
        f"site: build/site/ ({size / 1e6:.0f} MB) in {time.monotonic() - start:.0f} s; "
        f"preview: python -m http.server -d build/site 8000",
        flush=True,
    )


if __name__ == "__main__":
    main()
