"""Sphinx configuration of the course website (`make site`, driven by site/build.py).

The sources are staged by site/build.py in build/site-src/: the committed notebooks, read by MyST-NB
with execution off (their stored outputs are the ones nbval tests), and the pages of this folder.
Everything a page loads comes from the site itself: MathJax is vendored from its npm package into
``_static/mathjax/``, the book theme ships its own scripts and fonts, and no widget manager is
loaded from a CDN (the explorers are driven by ``_static/explorers.js`` from pictures rendered at
build time).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # autodoc imports lecturekit from the repository

# --- set once: where the course lives ------------------------------------------------------------
#: The GitHub repository ("owner/name") that Binder and Colab open; COURSE_REPOSITORY overrides it.
REPOSITORY = os.environ.get("COURSE_REPOSITORY", "optimization-for-deep-learning/course")
#: The branch Binder builds (from environment.yml) and the install cell of the Colab copies installs from.
BRANCH = os.environ.get("COURSE_BRANCH", "main")
#: The branch the built site is published on (GitHub Pages): Colab opens the chapter copies there.
SITE_BRANCH = os.environ.get("COURSE_SITE_BRANCH", "gh-pages")

project = "Optimization for Deep Learning"
author = "the course's authors"
copyright = "the course's authors; code MIT, text and figures CC BY 4.0"
root_doc = "index"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "course_site",  # site/_ext/course_site.py: the run-it-yourself box, alt texts, explorers
]
sys.path.insert(0, str(HERE / "_ext"))

# notebooks are never executed: their committed outputs are shown
nb_execution_mode = "off"
# no widget manager from a CDN; explorers are site/_static/explorers.js
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "autosummary.import_cycle"]

# API reference from the docstrings (reST: ``.. math::`` and `names`)
autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_member_order = "bysource"
default_role = "py:obj"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

# MathJax 3 from the npm package, copied into _static/mathjax by site/build.py
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = project
# site/_static (the site's own CSS and JS), then what site/build.py made: MathJax and the explorers' pictures
html_static_path = ["_static", str(ROOT / "build" / "site-static")]
html_extra_path = [str(ROOT / "build" / "site-extra")]  # colab/: the chapters' Colab copies
html_css_files = ["course.css"]
html_js_files = [("explorers.js", {"defer": "defer"})]
html_theme_options = {
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": BRANCH,
    "use_repository_button": True,
    "use_download_button": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}
html_last_updated_fmt = None
html_copy_source = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

course_links = {"repository": REPOSITORY, "branch": BRANCH, "site_branch": SITE_BRANCH}
# light mode by default (the theme's switcher still offers dark): the figures are drawn on white
html_context = {"default_mode": "light"}
