"""Shared test set-up: a non-interactive backend for this process only (never through the
environment: notebook kernels started by nbval must keep the inline backend)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run and every machine: CI stays reproducible.
settings.register_profile("course", derandomize=True, deadline=None)
settings.load_profile("course")


def pytest_ignore_collect(collection_path, config):
    """tests/e2e/ needs a browser and tests/teaching/ nbgrader (the instructor extra): each runs only
    when named on the command line (`make e2e`, `make test-teaching`), so that `make test` stays
    browser-free and as fast for a learner as without them."""
    if collection_path.name in ("e2e", "teaching") and collection_path.parent == Path(__file__).resolve().parent:
        return not any(collection_path.name in str(arg) for arg in config.args)
    return None


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _restore_print_options():
    """A notebook run in this process (``np.set_printoptions`` in its imports cell) must not change
    how later doctests print arrays."""
    saved = np.get_printoptions()
    yield
    np.set_printoptions(**saved)


@pytest.fixture(scope="session")
def ipython():
    """An IPython shell, so that display() and capture_output() behave as in a notebook."""
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def run_notebook_code(path, shell):
    """Run every code cell of a notebook in ``shell`` (figures go to Agg) and return its namespace."""
    import json
    import warnings

    from IPython.utils.capture import capture_output

    shell.reset()
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    with capture_output(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
        for cell in cells:
            shell.run_cell("".join(cell["source"]), store_history=False).raise_error()
    return {k: v for k, v in shell.user_ns.items() if not k.startswith("_")}


class NotebookRun:
    """What one run of a notebook's code left behind: its explorers (with their values at the end of
    the run) and the problems the figure check found in every figure it showed."""

    def __init__(self, explorers: dict, defaults: dict, figure_problems: list, line_problems: list = ()):
        self.explorers = explorers
        self.defaults = defaults
        self.figure_problems = figure_problems
        self.line_problems = list(line_problems)  # figcheck's check 4 (legends over curves), kept apart


_RUNS: dict = {}


def notebook_run(path, context, shell) -> NotebookRun:
    """Run a notebook's code once per session and context (``use_style`` forced to ``context``).

    Every figure shown (``plt.show()``, or left open at the end of a cell, as the inline backend
    shows it) goes through the figure check (``figcheck.problems``) and is closed. Cached: the
    slider test and the figure test share the run of the ``notebook`` context.
    """
    key = (str(path), context)
    if key not in _RUNS:
        _RUNS[key] = _run_with_figure_check(path, context, shell)
    return _RUNS[key]


def _run_with_figure_check(path, context, shell) -> NotebookRun:
    import json
    import warnings

    from figcheck import problems
    from IPython.utils.capture import capture_output

    import lecturekit.style
    from lecturekit.widgets.live import LiveFigure

    found, over_lines, where = [], [], {"cell": 0}
    original = lecturekit.style.use_style

    def forced_style(_context="notebook", dpi=None):
        original(context, dpi)

    def check_open_figures(*_args, **_kwargs):
        for num in plt.get_fignums():
            fig = plt.figure(num)
            found.extend(f"cell {where['cell']}, figure {num}: {p}" for p in problems(fig))
            over_lines.extend(
                f"cell {where['cell']}, figure {num}: {p}"
                for p in problems(fig, draw=False, lines=True)
                if "hides" in p
            )
            plt.close(fig)

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    printoptions = np.get_printoptions()  # notebooks set their own; later tests (doctests) must not see them
    shell.reset()
    try:
        with pytest.MonkeyPatch.context() as mp, capture_output(), warnings.catch_warnings():
            mp.setattr(lecturekit.style, "use_style", forced_style)
            mp.setattr(plt, "show", check_open_figures)
            warnings.filterwarnings("ignore", message=".*non-interactive.*")
            for i, cell in enumerate(cells):
                if cell["cell_type"] != "code":
                    continue
                where["cell"] = i
                shell.run_cell("".join(cell["source"]), store_history=False).raise_error()
                check_open_figures()  # a figure left open is shown at the end of its cell
        explorers = {k: v for k, v in shell.user_ns.items() if isinstance(v, LiveFigure) and not k.startswith("_")}
    finally:
        shell.reset()
        original("notebook")
        np.set_printoptions(**printoptions)
    return NotebookRun(explorers, {k: e.values() for k, e in explorers.items()}, found, over_lines)


def slider_extremes(control):
    """The smallest, largest and a middle value a control can take (a log slider's min/max are
    exponents; a dropdown's values are its options)."""
    import ipywidgets as widgets

    if hasattr(control, "options"):
        values = [v[1] if isinstance(v, tuple) else v for v in control.options]
        return values[0], values[-1], values[len(values) // 2]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.min, control.max
        return control.base**lo, control.base**hi, control.base ** ((lo + hi) / 2)
    return control.min, control.max, (control.min + control.max) / 2


def drive_every_slider(explorer):
    """Show ``explorer`` as a notebook would, move each slider to its extremes and middle, and
    assert that every move changed the picture, that the live image shows it (as lossless WebP
    with the same pixels) and appeared while the stored static PNG stayed, and that nothing was printed."""
    import io

    from IPython.display import display
    from IPython.utils.capture import capture_output
    from PIL import Image

    def pixels(data):
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))

    with capture_output() as captured:
        display(explorer)
        assert "image/png" in captured.outputs[-1].data  # the static picture, for readers without a kernel
        for control in explorer.controls.values():
            for value in slider_extremes(control):
                if np.isclose(value, control.value):
                    continue
                before = explorer.png()
                control.value = value
                after = explorer.png()
                assert after != before, f"moving {control.description} to {value} did not change the figure"
                frame = explorer.image.value
                assert frame[:4] == b"RIFF" and frame[8:12] == b"WEBP", "the live image is not WebP"
                assert np.array_equal(pixels(frame), pixels(after)), "the live image differs from the figure"
                assert explorer.image.layout.display != "none", "the live image is still hidden"
            prefetch_matches_moves(explorer, control)
        # the stored picture stays (no update_display_data): a notebook saved now still shows the figure
        assert len(captured.outputs) == 2 and "image/png" in captured.outputs[-1].data
    assert captured.stdout == "" and captured.stderr == ""


def prefetch_matches_moves(explorer, control):
    """Ask ``explorer``'s live view, as the browser does, for the pictures one position either
    side of ``control``'s current one; assert that each picture it sends (or aliases) has the
    pixels of the figure after really moving ``control`` there, that the request leaves the
    figure as it was, and that it answers every key it was asked for."""
    import io

    from PIL import Image

    from lecturekit.widgets import frames

    view = explorer.image
    names = list(explorer.controls)
    i = names.index(next(k for k, w in explorer.controls.items() if w is control))
    here = [frames.position(w) for w in explorer.controls.values()]
    if isinstance(control, frames._NO_PREFETCH):
        wanted = [here[:i] + [here[i] + 1] + here[i + 1 :]]
    else:
        wanted = [here[:i] + [here[i] + d] + here[i + 1 :] for d in (-1, 1)]
        wanted = [p for p in wanted if 0 <= p[i] < frames.positions(control)]
    sent = []
    original = view.send
    view.send = lambda content, buffers=None: sent.append((content, buffers))
    before = explorer.png()
    view._on_message(view, {"type": "hello"}, [])  # a fresh browser view: it holds nothing
    try:
        view._on_message(view, {"type": "want", "keys": wanted}, [])
    finally:
        view.send = original
    assert explorer.png() == before, "answering a request changed the figure"
    assert sent[-1][0] == {"type": "done", "keys": [",".join(map(str, p)) for p in wanted]}
    got = {}
    for content, buffers in sent[:-1]:
        if content["type"] == "frame":
            got[content["key"]] = buffers[0]
        else:
            assert content["type"] == "alias"
            got[content["key"]] = got[content["as"]]
    if isinstance(control, frames._NO_PREFETCH):
        assert not {",".join(map(str, p)) for p in wanted} & set(got), (
            "a dropdown position was rendered ahead (it may recompute a sweep)"
        )
        return
    assert {",".join(map(str, p)) for p in wanted} <= set(got), "a requested picture was not sent"
    value = control.value
    try:
        for p in wanted:
            control.value = frames.value_at(control, p[i])
            assert view.key() == ",".join(map(str, p))
            real = np.asarray(Image.open(io.BytesIO(explorer.png())).convert("RGBA"))
            ahead = np.asarray(Image.open(io.BytesIO(got[view.key()])).convert("RGBA"))
            assert np.array_equal(real, ahead), (
                f"the picture sent ahead for {control.description} = {control.value} differs"
            )
    finally:
        control.value = value
