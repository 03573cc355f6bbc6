"""What the browser tests share besides fixtures: where screenshots go, how long a page may take,
and the offline guard every browser context gets."""

from pathlib import Path

ARTIFACTS = Path("out/test-artifacts")

# ms. Opening a Voila page runs its notebook in a new kernel: imports, the first simulation,
# the widgets. That takes seconds on a quiet machine and has taken over 150 s on this shared
# host when it gave each vCPU about a third of a core (and over 120 s for the facilitator's
# page with two team kernels still polling). Only page loads get this allowance; a click's
# answer gets INTERACTION_MS.
PAGE_LOAD_MS = 300_000
INTERACTION_MS = 120_000

#: where a page may go: the test's own servers on this machine (the room has no internet)
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "about:", "data:", "blob:", "file://")  # file://: a report saved on this machine


def is_local(url: str) -> bool:
    return url.startswith(LOCAL)


def guard_offline(context, attempts: list[str]) -> None:
    """Block every request of ``context`` that leaves 127.0.0.1 and record its URL in ``attempts``.

    The ``request`` and ``websocket`` events see every attempt, also those a page's own route
    aborts first; the context's route makes sure none gets through.
    """
    def note(url: str) -> None:
        if not is_local(url):
            attempts.append(url)

    def route(r):
        if is_local(r.request.url):
            r.fallback()
        else:
            r.abort()

    context.on("request", lambda req: note(req.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: note(ws.url)))
    for page in context.pages:
        page.on("websocket", lambda ws: note(ws.url))
    context.route("**/*", route)
