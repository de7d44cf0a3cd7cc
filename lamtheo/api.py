"""The JSON API (/api/v1/): one NinjaAPI, a router per app, bearer-token auth bound to an assignment."""

from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer

from accounts.models import ApiToken
from accounts.scoping import Actor


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .select_related("assignment__user")
            .first()
        )
        if row is None:
            return None
        a = row.assignment
        today = timezone.localdate()
        if not (a.valid_from <= today < a.valid_to) or not a.user.is_active:
            return None
        request.actor = Actor(user=a.user, unit_id=a.unit_id, role=a.role)
        return request.actor


api = NinjaAPI(
    title="LamTheo API",
    version="1",
    description="Đơn vị, đoàn viên và văn bản của hệ thống LamTheo. Xác thực bằng token (Bearer).",
    auth=TokenAuth(),
    urls_namespace="api",
)

from members.api import router as members_router  # noqa: E402
from org.api import router as org_router  # noqa: E402

api.add_router("/units", org_router)
api.add_router("/members", members_router)
