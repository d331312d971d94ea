"""The bad-input registry: every public function, class and method of lecturekit (outside `plots`
and `widgets`), each with one valid call, joined here from one registry per package:

* `bad_input_registry_lecturekit` -- the modules at the top of the package (validate, critical,
  conditioning, momentum, ...);
* `bad_input_registry_objectives`, `bad_input_registry_optim`, `bad_input_registry_nn`,
  `bad_input_registry_checks` -- one per subpackage.

The entry format (``E``, its options) and the shared valid inputs are in `bad_input_entry`.
`tests/bad_input/test_bad_input.py` perturbs one argument of each entry at a time.
"""

from __future__ import annotations

from bad_input_registry_checks import REGISTRY as CHECKS
from bad_input_registry_lecturekit import REGISTRY as TOP_LEVEL
from bad_input_registry_nn import REGISTRY as NN
from bad_input_registry_objectives import REGISTRY as OBJECTIVES
from bad_input_registry_optim import REGISTRY as OPTIM

REGISTRY = [*TOP_LEVEL, *OBJECTIVES, *OPTIM, *NN, *CHECKS]

#: Public names not in REGISTRY yet, which the bad-input suite therefore does not cover: none. A
#: name added here must be a temporary exception; a test fails when a name in it is registered or no
#: longer public.
NOT_YET_REGISTERED: set[str] = set()
