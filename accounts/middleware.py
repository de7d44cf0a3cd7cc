"""Attach request.actor: the logged-in user, the unit they act for (session), and their role there."""

from accounts.scoping import Actor
from accounts.selectors import current_assignments

SESSION_KEY = "acting_assignment_id"


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        request.assignments = []
        if request.user.is_authenticated:
            assignments = current_assignments(request.user)
            request.assignments = assignments
            chosen = next((a for a in assignments if a.pk == request.session.get(SESSION_KEY)), None)
            chosen = chosen or (assignments[0] if assignments else None)
            if chosen is not None:
                request.actor = Actor(
                    user=request.user, unit_id=chosen.unit_id, role=chosen.role, member_id=chosen.member_id
                )
                request.acting_assignment = chosen
            else:
                # A user with no assignment sees nothing.
                request.actor = Actor(user=request.user, unit_id=None, role="")
        return self.get_response(request)
