"""The bad-input registry of `lecturekit.checks`: every exercise check called with the chapter's
own solution as the learner (a check rejects lecturekit's implementation as the learner; a wrong
learner is answered with ``AssertionError``), the compare machinery and the teaching-mode stub.
The format and the shared inputs: `bad_input_entry`; the join: `bad_input_registry`.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import P2, E, rng
from learners import chapter_solutions

# ------------------------------------------------------------ exercise checks: learner = the chapter's solution

CHECK_LEARNERS = chapter_solutions()

REGISTRY = [
    E(f"checks.{name}", learner=learner, rng=rng(), allow={"learner": AssertionError})
    for name, learner in CHECK_LEARNERS.items()
]
REGISTRY.append(
    E(
        "checks.compare",
        learner=np.add,
        reference=np.add,
        draw=lambda r: (r.normal(size=2), r.normal(size=2)),
        name="add",
        hint="add them",
        trials=2,
        rtol=1e-9,
        atol=1e-12,
        rng=rng(),
        allow={"learner": AssertionError},
        fixed=("name", "hint"),
    )
)

REGISTRY.append(
    # summary describes any value at all (that is its job), so only max_size is perturbed.
    E("checks.compare.summary", value=P2, max_size=8, fixed=("value",))
)

# Teaching modes: what a check raises on an unsolved nbgrader stub (its argument is a label).
REGISTRY += [
    E("checks.NotImplementedYet", name="gradient_step", fixed=("name",)),
    E("checks.CheckFailed"),  # any message, as an AssertionError takes
    E("checks.compare.install_excepthook"),  # no arguments; installing twice changes nothing
]
