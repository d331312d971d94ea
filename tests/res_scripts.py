"""The scripts of res/ (not a package), loaded as modules for the tests of what they build."""

import importlib.util
import sys
from pathlib import Path

RES = Path(__file__).resolve().parent.parent / "res"


def load(name: str):
    """res/<name>.py as the module ``name`` (registered in sys.modules, as dataclasses need)."""
    spec = importlib.util.spec_from_file_location(name, RES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
