"""Serving a workshop room (``make workshop``): Voila with a capacity, culling and a landing page.

The top layer of ``sim``: it imports Voila and Jupyter Server, and nothing in ``sim`` imports it.
:mod:`sim.room.serve` builds the one command both ``make workshop`` and ``benchmarks/room.py`` run;
:mod:`sim.room.kernels` refuses a kernel past the room's capacity; :mod:`sim.room.landing` lists
the cases for the server's root page.
"""
