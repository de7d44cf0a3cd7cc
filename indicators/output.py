"""The shape every caller gives an indicator (command --json, API): code, label, unit, value, by_year."""

from accounts.scoping import Actor

from . import engine
from .registry import Indicator, Window, all_indicators


def definition(ind: Indicator) -> dict:
    return {
        "code": ind.code,
        "label": ind.label,
        "unit_of_measure": ind.unit_of_measure,
        "kind": str(ind.kind),
        "description": ind.description,
        "parts": [{"code": c, "label": label} for c, label in ind.parts],
    }


def figure_dict(figure: engine.Figure) -> dict:
    ind = figure.indicator
    return {
        "code": ind.code,
        "label": ind.label,
        "unit_of_measure": ind.unit_of_measure,
        "value": figure.value,
        "by_year": {str(y): v for y, v in figure.by_year.items()},
    }


def figures_for(actor: Actor, unit_id: int, window: Window) -> list[dict]:
    """Every indicator of the unit; null (not 0) where the actor may not see the records it counts,
    as the figures page shows "—" (engine.may_see)."""
    known: dict[str, engine.Figure] = {}  # a rate reuses its numerator's and denominator's figures
    out = []
    for ind in all_indicators():
        if engine.may_see(actor, ind, window):
            out.append(figure_dict(engine.compute(actor, ind, unit_id, window, known=known)))
        else:
            out.append(figure_dict(engine.unseen(ind, window)) | {"hidden": True})
    return out
