"""The format of the bad-input registries (`E`, one valid call of a public name) and the small
valid inputs several registries share. `tests/bad_input/bad_input_registry.py` joins the registries, one
per package of lecturekit; `tests/bad_input/test_bad_input.py` perturbs one argument at a time.

Adding a function is one line in its package's registry: ``E("module.function", arg=valid, ...)``.
Options:

* ``nan_ok=("x",)`` -- arguments that are points: NaN and inf may propagate to the result
  (every other argument must reject NaN with a ValueError naming it);
* ``on=obj`` -- for a method: the instance it is called on (``E("objectives.Objective.grad", on=Q, x=...)``);
* ``attribute="update"`` -- call ``on.update`` instead of the method the target's last name gives
  (for callables kept in fields, such as an `Optimizer`'s ``update``; the target stays the type);
* ``then=(args...)`` -- call what the function returns with these arguments too, and judge
  that second call (a schedule evaluated alone: ``E("schedules.warmup", ..., then=(np.arange(3),))``);
* ``names={"value": "lr"}`` -- the word a message must contain when an argument is perturbed
  (default: the argument's own name; a tuple allows several, e.g. when two arguments must match);
* ``perturb={"schedule": [(label, bad, must), ...]}`` -- the bad values of one argument, instead
  of the generic ones (``must``: a named error is due; otherwise a named error or a result);
  ``extra={...}`` the same, in addition to the generic ones (e.g. a step count that must be capped);
* ``label="..."`` -- tells apart several entries of one target in the test ids;
* ``fixed=("name",)`` -- arguments left alone (labels, names);
* ``allow={"learner": AssertionError}`` -- a further documented outcome for one argument
  (an exercise check answers a wrong learner with ``AssertionError``);
* ``positional=True`` -- pass the arguments positionally, in order (for ``*args`` functions);
* ``record=True`` -- a plain record type (NamedTuple): only the valid call is made.

Valid values are kept small, so that the whole suite runs in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lecturekit import nn, objectives, optim, risk


@dataclass
class E:
    target: str
    kwargs: dict
    nan_ok: tuple = ()
    on: object = None
    names: dict = field(default_factory=dict)
    fixed: tuple = ()
    allow: dict = field(default_factory=dict)
    record: bool = False
    positional: bool = False
    attribute: str | None = None
    then: tuple | None = None
    perturb: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    label: str = ""

    def __init__(
        self,
        target,
        *,
        nan_ok=(),
        on=None,
        names=None,
        fixed=(),
        allow=None,
        record=False,
        positional=False,
        attribute=None,
        then=None,
        perturb=None,
        extra=None,
        label="",
        **kwargs,
    ):
        self.target, self.kwargs, self.nan_ok, self.on = target, kwargs, tuple(nan_ok), on
        self.names, self.fixed, self.allow, self.record = names or {}, tuple(fixed), allow or {}, record
        self.positional, self.attribute, self.then, self.perturb = positional, attribute, then, perturb or {}
        self.extra, self.label = extra or {}, label


def rng():
    return np.random.default_rng(0)


# Shared valid inputs, small.
Q2 = objectives.quadratic((1.0, 4.0))
P2 = np.array([[0.5, -1.0], [1.0, 2.0], [0.0, 0.3]])  # three 2-D points
H2 = np.array([[[2.0, 0.5], [0.5, 1.0]], [[1.0, 0.0], [0.0, -1.0]]])  # two symmetric 2x2
G2 = np.array([[1.0, 0.5], [0.2, -1.0]])
XR = np.random.default_rng(1).normal(size=(12, 2))
YR = XR @ np.array([1.0, -0.5]) + 0.1 * np.random.default_rng(2).normal(size=12)
YC = (XR[:, 0] + 0.3 * np.random.default_rng(3).normal(size=12) > 0).astype(float)
LS = objectives.least_squares(XR, YR)
TRAJ = optim.run(optim.sgd(0.1), Q2, P2, steps=5)
NET = nn.init_two_layer(np.random.default_rng(4), 2, 3, 1)
MODEL = risk.gaussian_linear_model(np.array([1.0, -1.0]), noise=0.5)
KS = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
ERR = 3.0 / KS
