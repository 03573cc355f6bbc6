"""The room's kernel manager: Jupyter's, with a capacity past which a newcomer is told to retry.

Voila starts one kernel per page load. Past ``RoomKernelManager.capacity`` running kernels (0: no
limit) a page load gets HTTP 503, which the ``crm-dojo`` template shows as a bilingual "the room
is full, retry in a minute" page (it reloads itself after a minute); nothing already running is
touched. Kernels of closed pages go through Jupyter's culling (``cull_idle_timeout``).
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Integer

__all__ = ["ROOM_FULL", "RoomKernelManager"]

#: the reason of the 503 (the template keys its page on the status; this is the log's line)
ROOM_FULL = "The room is full · 教室已滿"


class RoomKernelManager(AsyncMappingKernelManager):
    """An ``AsyncMappingKernelManager`` that starts at most ``capacity`` kernels at once."""

    capacity = Integer(0, config=True, help="most kernels running at once (0: no limit)")

    _starting = Integer(0)  # start requests under way (a burst of page loads must count them too)

    def in_use(self) -> int:
        """Kernels running or being started."""
        return len(self.list_kernel_ids()) + self._starting

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        if kernel_id is None and self.capacity and self.in_use() >= self.capacity:
            self.log.warning("room full: %d of %d kernels in use; a newcomer was asked to retry",
                             self.in_use(), self.capacity)
            raise HTTPError(503, "room full: %d kernels in use", self.capacity, reason=ROOM_FULL)
        self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1
