"""Small inline SVG icons for pages, so that no mark depends on an emoji font.

``icon("good")`` is an ``<svg>`` string (16 px, coloured, with a text title for screen
readers) to put into HTML; no font, file or network request is needed to draw it.
Pure Python: no widget library is imported here.
"""

from __future__ import annotations

import html

__all__ = ["ICONS", "icon"]

_CHECK = '<circle cx="8" cy="8" r="7.5" fill="{c}"/><path d="M4.3 8.3l2.5 2.5 5-5.2" stroke="#fff" ' \
         'stroke-width="1.9" fill="none" stroke-linecap="round" stroke-linejoin="round"/>'
_CROSS = '<circle cx="8" cy="8" r="7.5" fill="{c}"/><path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" ' \
         'stroke="#fff" stroke-width="1.9" stroke-linecap="round"/>'
_WARN = '<path d="M8 .9l7.4 13.6H.6z" fill="{c}"/><path d="M8 5.6v4.4" stroke="#fff" stroke-width="1.8" ' \
        'stroke-linecap="round"/><circle cx="8" cy="12.4" r="1" fill="#fff"/>'
_INFO = '<circle cx="8" cy="8" r="7.5" fill="{c}"/><path d="M8 7.2v4.6" stroke="#fff" stroke-width="1.8" ' \
        'stroke-linecap="round"/><circle cx="8" cy="4.6" r="1.1" fill="#fff"/>'
_BULB = '<path d="M8 1a4.8 4.8 0 0 0-2.9 8.6c.5.4.8 1 .8 1.6v.6h4.2v-.6c0-.6.3-1.2.8-1.6A4.8 4.8 0 0 0 8 1z" ' \
        'fill="{c}"/><rect x="5.9" y="12.6" width="4.2" height="1.3" rx=".5" fill="#777"/>' \
        '<rect x="6.5" y="14.3" width="3" height="1.2" rx=".5" fill="#777"/>'
_DOWNLOAD = '<path d="M8 1.5v8.3M4.4 6.6L8 10.2l3.6-3.6" stroke="{c}" stroke-width="1.9" fill="none" ' \
            'stroke-linecap="round" stroke-linejoin="round"/><path d="M2.5 13.8h11" stroke="{c}" stroke-width="1.9" ' \
            'stroke-linecap="round"/>'

#: name -> (SVG body with a {c} colour field, colour)
ICONS: dict[str, tuple[str, str]] = {
    "good": (_CHECK, "#2a7a2a"), "bad": (_CROSS, "#b00020"), "alert": (_WARN, "#d08000"),
    "info": (_INFO, "#4c78a8"), "hint": (_BULB, "#f1a340"), "download": (_DOWNLOAD, "#1565c0"),
}


def icon(name: str, title: str | None = None, size: int = 16) -> str:
    """The inline SVG of icon ``name`` (one of :data:`ICONS`); an empty string for an unknown name.

    Decorative (hidden from screen readers) unless ``title`` is given: the text beside it says it all."""
    if name not in ICONS:
        return ""
    body, colour = ICONS[name]
    label = (f'role="img" aria-label="{html.escape(title)}"' if title else 'aria-hidden="true"')
    tip = f"<title>{html.escape(title)}</title>" if title else ""
    return (f'<svg class="crm-icon crm-icon-{name}" {label} width="{size}" height="{size}" '
            f'viewBox="0 0 16 16" style="vertical-align:-3px;margin-right:4px;flex:none">'
            f"{tip}{body.format(c=colour)}</svg>")
