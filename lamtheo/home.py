"""The home page is a column of panels that each app contributes in its own `<app>/home.py`.

An app registers a `Panel` at import time; `lamtheo.apps` discovers the modules at start-up, as admin
does. A panel's `context(request, on)` returns the dict its template needs (`on`: the day the page is
"as of", today unless the user picked one), or None when it has nothing to show for this actor (e.g. a grassroots chair on a panel for upper units). The home view knows no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.http import HttpRequest


class Audience(StrEnum):
    OFFICER = "officer"  # an actor who sees member lists: chairs and upper-unit staff
    MEMBER = "member"  # a plain member's own page


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest, date], dict | None]
    order: int = 100
    audience: Audience = Audience.OFFICER


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    if panel.name in _panels and _panels[panel.name] != panel:
        raise ValueError(f"Home panel {panel.name!r} is registered twice")
    _panels[panel.name] = panel
    return panel


def panels(audience: Audience) -> list[Panel]:
    return sorted((p for p in _panels.values() if p.audience == audience), key=lambda p: (p.order, p.name))


@dataclass(frozen=True)
class Shown:
    """A panel with the context it computed for this request."""

    template: str
    context: dict


def render_panels(request: HttpRequest, audience: Audience, on: date) -> list[Shown]:
    shown = []
    for panel in panels(audience):
        context = panel.context(request, on)
        if context is not None:
            shown.append(Shown(panel.template, context))
    return shown
