"""The course's build tools, run from the repository root (never shipped in the lecturekit wheel):

* `tools.cells`: reading and writing notebook cells, shared by the tools and their tests;
* `tools.slide_metadata`: the RISE slide type of every cell (``python -m tools.slides metadata``);
* `tools.slides`: reveal.js slides built from the chapters (``make slides``);
* `tools.student`: grading metadata and the nbgrader student version (``make student``).

``res/`` holds the pictures the notebooks show and ``res/make_figures.py``, the script that draws them.
"""
