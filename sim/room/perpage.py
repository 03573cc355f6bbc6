"""Per-page state in one process: the language switch and its listeners, held per Solara page.

In a notebook or under Voila each page is a process of its own, so ``sim.vocab``'s one language
switch and ``sim.ui.lang``'s list of dashboards to relabel are that page's alone. Served by one
process (:mod:`sim.room.solara_app`), every page would share them: one trainee's *中文* would
relabel every trainee's dashboard, from the wrong page's thread. :func:`install` swaps those three
module values for stand-ins that hold one value per Solara virtual kernel (a page), kept in the
kernel's ``user_dicts`` and dropped with it; outside any page (start-up, the light pages' threads,
tests) one value per thread, so a light page's answer drawn in 中文 on one thread leaves another's English. The modules' code is unchanged: they only index, append, iterate and add.
"""

from __future__ import annotations

import threading
import weakref

from solara.server import kernel_context

import sim.ui.lang
import sim.vocab

__all__ = ["PerPage", "install"]

KEY = "crm-dojo"  # this project's dict in a kernel's user_dicts


class PerPage:
    """A list or set (from ``factory``) per Solara page; one per thread outside pages."""

    def __init__(self, name: str, factory):
        self.name, self.factory = name, factory
        self.threads = threading.local()

    @property
    def outside(self):
        """This thread's value outside every page (made on first use)."""
        if not hasattr(self.threads, "value"):
            self.threads.value = self.factory()
        return self.threads.value

    def value(self):
        """This page's value (made on first use), or this thread's outside a page."""
        if not kernel_context.has_current_context():
            return self.outside
        store = kernel_context.get_current_context().user_dicts.setdefault(KEY, {})
        if self.name not in store:
            store[self.name] = self.factory()
        return store[self.name]

    def __getitem__(self, i):
        return self.value()[i]

    def __setitem__(self, i, v):
        self.value()[i] = v

    def __iter__(self):
        return iter(self.value())

    def __len__(self):
        return len(self.value())

    def append(self, x):
        self.value().append(x)

    def remove(self, x):
        self.value().remove(x)

    def add(self, x):
        self.value().add(x)


def install() -> None:
    """Make the language and its listeners per page (idempotent)."""
    if isinstance(sim.vocab._language, PerPage):
        return
    first = sim.vocab._language[0]
    sim.vocab._language = PerPage("language", lambda: [first])
    sim.ui.lang._callbacks = PerPage("language_callbacks", list)
    sim.ui.lang._toggles = PerPage("language_toggles", weakref.WeakSet)
