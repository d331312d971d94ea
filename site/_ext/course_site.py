"""The course's additions to Sphinx (site/conf.py loads it).

* A "Run this chapter" box at the top of every chapter page: the local two-command setup, Binder
  (environment.yml), Colab and a download of the chapter's Colab copy (site/build.py writes it).
* A text alternative for every stored figure: the first sentence of the text that follows the cell
  (the chapters read each figure in the sentence after it), else the last one before it.
  TeX in that sentence becomes the symbols it draws.
* Explorers: each stored widget view becomes a placeholder carrying the explorer's controls and its
  pictures' file names (from ``frames/<chapter>/manifest.json``, written by site/render_frames.py), which
  ``_static/explorers.js`` turns into labelled controls over a canvas.
* API reference: bars in docstrings (|x|, absolute values and norms) are escaped for reST.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes

CHAPTER = re.compile(r"^\d\d_")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# TeX in an alt text is read aloud letter by letter: the commands the chapters use, as the symbols they draw.
_TEX = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
    "nabla": "∇",
    "approx": "≈",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "times": "×",
    "cdot": "·",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "in": "∈",
    "pm": "±",
    "sqrt": "√",
    "sum": "Σ",
    "lvert": "|",
    "rvert": "|",
    "|": "‖",
    "ldots": "…",
    "dots": "…",
    "quad": " ",
    "qquad": " ",
    ",": " ",
}
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _readable(tex_text: str) -> str:
    """Plain text from text with TeX in it: symbols for commands, superscript digits, no braces."""
    text = re.sub(r"\\(?:mathrm|mathbf|operatorname|text|mathcal|boldsymbol|left|right|big|Big)\b", "", tex_text)
    text = re.sub(r"\\([A-Za-z]+|\||,)", lambda m: _TEX.get(m.group(1), m.group(1)), text)
    text = re.sub(r"\^\{?(-?\d+)\}?", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    return text.replace("{", "").replace("}", "")


def _first_sentence(text: str, last: bool = False) -> str:
    text = " ".join(_readable(text).split())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text)
    sentence = (sentences[-1] if last else sentences[0]).strip()
    return sentence if len(sentence) <= 400 else sentence[:397].rstrip() + "..."


def _is_cell(node) -> bool:
    return isinstance(node, nodes.container) and "cell" in node.get("classes", [])


def _in_cell(node) -> bool:
    while node is not None:
        if _is_cell(node):
            return True
        node = node.parent
    return False


def add_alt_texts(app, doctree, docname):
    if not (CHAPTER.match(docname) or docname == "index"):
        return
    order = list(doctree.findall())
    where = {id(node): i for i, node in enumerate(order)}
    text = [(where[id(p)], p) for p in doctree.findall(nodes.paragraph) if not _in_cell(p)]
    for cell in (n for n in order if _is_cell(n)):
        images = [im for im in cell.findall(nodes.image) if not im.get("alt")]
        if not images:
            continue
        start = where[id(cell)]
        end = max(where[id(n)] for n in cell.findall())
        after = next((p for i, p in text if i > end), None)
        before = next((p for i, p in reversed(text) if i < start), None)
        if after is not None:
            alt = _first_sentence(after.astext())
        elif before is not None:
            alt = _first_sentence(before.astext(), last=True)
        else:
            alt = "A figure drawn by the code cell above."
        for n, image in enumerate(images):
            image["alt"] = alt if len(images) == 1 else f"{alt} (picture {n + 1} of {len(images)})"


def _manifest_path(app, docname) -> Path:
    return Path(app.confdir).parent / "build" / "site-static" / "frames" / docname / "manifest.json"


def _manifest(app, docname):
    path = _manifest_path(app, docname)
    return json.loads(path.read_text()) if path.is_file() else None


def note_pictures(app, doctree):
    """A chapter page depends on its explorers' pictures: new ones rebuild it."""
    if CHAPTER.match(app.env.docname):
        app.env.note_dependency(str(_manifest_path(app, app.env.docname)))


def mark_explorers(app, doctree, docname):
    """Every stored widget view of a chapter becomes an explorer placeholder carrying its controls and
    pictures (the chapter's manifest.json), matched to the explorers rendered at build time in page order."""
    if not CHAPTER.match(docname):
        return
    views = [n for n in doctree.findall(nodes.raw) if WIDGET_VIEW in n.astext()]
    manifest = _manifest(app, docname)
    explorers = manifest["explorers"] if manifest else []
    if manifest and len(explorers) != len(views):
        raise ValueError(f"{docname}: {len(views)} explorers on the page, {len(explorers)} rendered")
    for n, node in enumerate(views):
        if explorers:
            spec = dict(explorers[n], chapter=docname)
            attrs = f' data-spec="{html.escape(json.dumps(spec, ensure_ascii=False, separators=(",", ":")))}"'
        else:
            attrs = ""  # built with --no-frames: the stored picture only
        holder = f'<div class="lk-explorer" data-chapter="{html.escape(docname)}" data-index="{n}"{attrs}></div>'
        node.replace_self(nodes.raw("", holder, format="html"))


def run_box(app, pagename, templatename, context, doctree):
    if not CHAPTER.match(pagename) or "body" not in context:
        return
    links = app.config.course_links
    repo, branch, site_branch = links["repository"], links["branch"], links["site_branch"]
    notebook = f"{pagename}.ipynb"
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/{notebook}"
    colab = f"https://colab.research.google.com/github/{repo}/blob/{site_branch}/colab/{notebook}"
    to_root = "../" * pagename.count("/")
    box = (
        '<aside class="lk-run" aria-label="Run this chapter yourself"><strong>Run this chapter:</strong> '
        f'<a href="{to_root}run.html">on your machine (two commands)</a> · '
        f'<a class="lk-binder" href="{binder}">Binder</a> · '
        f'<a class="lk-colab" href="{colab}">Colab</a> · '
        f'<a class="lk-download" href="{to_root}colab/{notebook}" download>download the notebook</a></aside>'
    )
    context["body"] = box + context["body"]


_LITERAL = re.compile(r"(``.*?``|:math:`[^`]*`|`[^`]*`)")


def escape_bars(app, what, name, obj, options, lines):
    """Docstrings write absolute values and norms as |x| in plain text, which reST reads as a substitution:
    escape every bar outside literals, roles and ``.. math::`` blocks (where MathJax reads them)."""
    in_math, indent = False, 0
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        depth = len(line) - len(stripped)
        if in_math and stripped and depth <= indent:
            in_math = False
        if stripped.startswith(".. math::"):
            in_math, indent = True, depth
            continue
        if in_math or "|" not in line or stripped.startswith(("+", "|")):
            continue
        parts = _LITERAL.split(line)
        lines[i] = "".join(p if k % 2 else p.replace("|", "\\|") for k, p in enumerate(parts))


def setup(app):
    app.connect("autodoc-process-docstring", escape_bars)
    app.add_config_value("course_links", {}, "html")
    app.connect("doctree-read", note_pictures)
    app.connect("doctree-resolved", add_alt_texts)
    app.connect("doctree-resolved", mark_explorers)
    app.connect("html-page-context", run_box)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
