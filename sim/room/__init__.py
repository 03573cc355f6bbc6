"""Serving a workshop room (``make workshop``): one Solara process, or Voila with a kernel per page.

The top layer of ``sim``: it imports Solara, Voila and Jupyter Server, and nothing in ``sim``
imports it. :mod:`sim.room.serve` builds the one command both ``make workshop`` and
``benchmarks/room.py`` run; :mod:`sim.room.solara_app` is the one-process room (its pages, its
capacity gate, its shared drawings, :mod:`sim.room.drawings`; the language per page,
:mod:`sim.room.perpage`); :mod:`sim.room.kernels` refuses a Voila kernel past the room's capacity;
:mod:`sim.room.landing` lists the cases for the server's root page.
"""
