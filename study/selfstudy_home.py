"""Home page panel of a plain member: self-study material open to them that they have not passed yet."""

from lamtheo.home import Audience, Panel, register

from . import selfstudy_selectors as selectors

SHOWN = 5


def _to_study(request, on):
    actor = request.actor
    if not actor.member_id:
        return None
    materials = [m for m in selectors.material_list(actor)[: SHOWN * 4] if not m.passed][:SHOWN]
    return {"materials": materials}


register(Panel(name="study.self_study", template="study/_home_selfstudy.html", context=_to_study,
               order=30, audience=Audience.MEMBER))  # fmt: skip
