"""The home page's panel registry: order, audience, panels with nothing to show, twice-registered names."""

from datetime import date

import pytest

from lamtheo import home
from lamtheo.home import Audience, Panel


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(home, "_panels", {})
    return home


def test_panels_are_ordered_and_split_by_audience(registry):
    registry.register(Panel("b", "b.html", lambda r, on: {"x": 2}, order=20))
    registry.register(Panel("a", "a.html", lambda r, on: {"x": 1}, order=10))
    registry.register(Panel("m", "m.html", lambda r, on: {}, audience=Audience.MEMBER))
    assert [p.name for p in registry.panels(Audience.OFFICER)] == ["a", "b"]
    assert [p.name for p in registry.panels(Audience.MEMBER)] == ["m"]


def test_a_panel_with_nothing_to_show_is_left_out(registry):
    registry.register(Panel("empty", "e.html", lambda r, on: None))
    registry.register(Panel("dated", "d.html", lambda r, on: {"on": on}))
    shown = registry.render_panels(object(), Audience.OFFICER, date(2026, 3, 31))
    assert [(s.template, s.context) for s in shown] == [("d.html", {"on": date(2026, 3, 31)})]


def test_a_name_registered_twice_is_refused(registry):
    registry.register(Panel("p", "p.html", lambda r, on: {}))
    with pytest.raises(ValueError):
        registry.register(Panel("p", "other.html", lambda r, on: {}))


def test_the_apps_panels_are_discovered():
    names = [p.name for p in home.panels(Audience.OFFICER)]
    # The acting unit's figures first, then what it issued, then what it was given.
    assert (
        names.index("indicators.figures")
        < names.index("directives.issued")
        < names.index("directives.my_tasks")
    )
