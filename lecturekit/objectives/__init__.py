"""Test functions with exact gradients and Hessians, batch-first (see `base.Objective`)."""

from .base import Objective, as_points
