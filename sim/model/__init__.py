"""The SimPy world of CRM Dojo: accounts as columns, reps, dealers, market and shocks."""

from sim.model.world import World, build_world

__all__ = ["World", "build_world"]
