"""Every decimal number in a chapter's prose comes from that chapter's computation.

A number typed by hand drifts from what the code prints (chapter 4's skewness did, and chapter 6's factor of ten).
The rule this test holds each chapter to: a decimal number in a markdown cell (outside the references) must be

* printed by one of the chapter's outputs, to the precision the prose gives it (0.87 matches a printed 0.8712), or
* a setting visible in one of the chapter's code cells (the ε = 0.1 a run uses), or
* an exact constant listed in ``prose_constants.py`` with its derivation (2/3, 1/√2, ...).

Integers are not checked (step counts, layer widths and years are too many to tell apart from results), nor are
numbers inside links or citations ("section 8.1", "eqs. 8.12 and 8.13").
"""

import json
import re
from pathlib import Path

import pytest
from prose_constants import CONSTANTS

NOTEBOOKS = sorted(Path(__file__).resolve().parents[2].joinpath("notebooks").glob("[0-9][0-9]_*.ipynb"))
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e-?\d+)?(?![\w]|\.\d)")
ANY_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")
LINK = re.compile(r"\]\([^)]*\)|https?://\S+|doi:\S+|arXiv:\S+", re.IGNORECASE)
CITED = re.compile(
    r"\b(?:sections?|sec\.|§|algorithms?|alg\.|figures?|fig\.|chapters?|eqs?\.|equations?|theorems?|lemmas?|tables?)"
    r"\s*\d+(?:\.\d+)*(?:\s*(?:and|,|-|–)\s*\d+(?:\.\d+)*)*",
    re.IGNORECASE,
)


def _text(cell):
    return "".join(cell.get("source", ""))


def _normalise(text):
    return text.replace("\u2212", "-").replace("\u00d710^", "e").replace("\u202f", "")


def prose_decimals(cells):
    """(cell index, number) for every decimal in markdown before the references section."""
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = _text(cell)
        if re.match(r"\s*#+\s*(References|Further reading)", text):
            break
        for match in DECIMAL.findall(_normalise(CITED.sub(" ", LINK.sub(" ", text)))):
            found.append((index, match))
    return found


def evidence(cells):
    """Every number printed by an output or written in a code cell's source."""
    chunks = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        chunks.append(_text(cell))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            chunks.append("".join(output.get("text", "")))
            chunks.append("".join(data.get("text/plain", "")))
            chunks.append("".join(data.get("text/html", "")))
    return [float(x) for x in ANY_NUMBER.findall(_normalise("\n".join(chunks)))]


def supported(number, printed):
    """True if some printed value shows `number` at the precision it is written with."""
    value = float(number)
    mantissa = number.split("e")[0]
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if "e" in number:
        exponent = int(number.split("e")[1])
        step = 10.0 ** (exponent - places) / 2
    else:
        step = 10.0 ** (-places) / 2
    return any(abs(p - value) <= step * (1 + 1e-9) for p in printed)


def unsupported(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    printed = evidence(cells)
    exact = CONSTANTS.get(path.stem, {})
    return [f"cell {i}: {n}" for i, n in prose_decimals(cells) if n not in exact and not supported(n, printed)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_decimals_come_from_the_chapter(path):
    missing = unsupported(path)
    assert not missing, f"{path.name}: decimal numbers typed by hand: {', '.join(missing)}"


def test_every_constant_is_used_and_explained():
    for stem, table in CONSTANTS.items():
        path = next(p for p in NOTEBOOKS if p.stem == stem)
        numbers = {n for _, n in prose_decimals(json.loads(path.read_text(encoding="utf-8"))["cells"])}
        for number, derivation in table.items():
            assert number in numbers, f"{stem}: constant {number} is listed but not in the prose"
            assert len(derivation) > 5, f"{stem}: constant {number} needs its derivation"


def test_the_rule_catches_a_hand_typed_number():
    cells = [
        {
            "cell_type": "code",
            "source": "eps = 0.1\nprint(loss)",
            "outputs": [{"output_type": "stream", "text": "0.8712\n"}],
        },
        {"cell_type": "markdown", "source": "At ε = 0.1 (section 8.3) the loss is 0.87, about 0.9, not 0.88 or 3.3."},
    ]
    printed = evidence(cells)
    verdicts = {n: supported(n, printed) for _, n in prose_decimals(cells)}
    assert verdicts == {"0.1": True, "0.87": True, "0.9": True, "0.88": False, "3.3": False}
