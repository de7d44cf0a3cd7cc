"""The site's menu: which links an actor gets, and which one is the page being shown.

One list in one place, so that the menu and the rule for its highlighted link cannot drift apart
between templates. The current link is the one whose address is the longest start of the page's path
("Đơn vị" on /to-chuc/don-vi/12/, not "Cây tổ chức" on /to-chuc/).
"""

from typing import NamedTuple

from django.urls import reverse


class NavLink(NamedTuple):
    label: str
    url: str
    current: bool = False


def _links(actor) -> list[tuple[str, str]]:
    links = [
        ("Trang chủ", reverse("home")),
        ("Cây tổ chức", reverse("org:tree")),
        ("Đơn vị", reverse("org:unit_list")),
    ]
    if actor.sees_member_lists:
        links.append(("Đoàn viên", reverse("members:member_list")))
    elif actor.member_id:
        links.append(("Hồ sơ của tôi", reverse("members:member_detail", args=[actor.member_id])))
    if actor.can_write:
        links.append(("Chuyển sinh hoạt", reverse("members:transfer_list")))
    links += [
        ("Văn bản", reverse("documents:document_list")),
        ("Nhiệm vụ", reverse("directives:task_list")),
        ("Học tập", reverse("study:event_list")),
        ("Tự học", reverse("selfstudy:material_list")),
        ("Số liệu", reverse("indicators:figures")),
    ]
    if actor.is_officer:
        links += [("Nhập dữ liệu", reverse("imports:index")), ("Nhật ký", reverse("audit:event_list"))]
    return links


def menu(actor, path: str) -> list[NavLink]:
    links = _links(actor)
    starts = [url for _label, url in links if path == url or (url != "/" and path.startswith(url))]
    current = max(starts, key=len, default=None)
    return [NavLink(label, url, url == current) for label, url in links]


def nav(request) -> dict:
    """Context processor: the menu of the signed-in actor (none for a visitor)."""
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    if actor is None or user is None or not user.is_authenticated:
        return {"nav_links": []}
    return {"nav_links": menu(actor, request.path)}
