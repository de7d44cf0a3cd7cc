"""member_page at province scale, shrunk: a capped count and the index-order reading of a broad scope."""

from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.lib import lists
from lamtheo.testing import actor_for
from members import selectors
from members.selectors import MemberFilters
from members.services import create_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tree):
    for i, name in enumerate(["Vũ Văn Anh", "Lê Thị Bích", "Hà Văn Cường", "Đỗ Thị Dung"]):
        create_member(SYSTEM, unit=tree.cdcs_a2 if i % 2 else tree.cdcs_a1, full_name=name, data={},
                      on=date(2020, 1, 1))  # fmt: skip
    return actor_for(tree.fed_a, Role.FEDERATION_STAFF)


def names(page) -> list[str]:
    return [m.full_name for m in page.object_list]


def test_a_broad_scope_is_read_in_the_same_order_with_a_capped_count(many, monkeypatch):
    everyone = selectors.member_page(many, MemberFilters(), 1, 50)
    assert (everyone.paginator.count, everyone.paginator.count_label, everyone.paginator.capped) == (
        6,
        "6",
        False,
    )
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    assert selectors.is_broad(many)
    broad = selectors.member_page(many, MemberFilters(), 1, 50)
    assert names(broad) == names(everyone)  # same rows, same order, through "unit_id + 0"
    assert (broad.paginator.count_label, broad.paginator.capped) == ("hơn 3", True)


def test_the_count_stops_at_the_cap():
    paginator = lists.CappedPaginator(list(range(30)), 10, cap=25)
    assert (paginator.count, paginator.capped, paginator.count_label) == (26, True, "hơn 25")
    assert list(paginator.page(3).object_list) == list(range(20, 30))  # the last counted page stays whole


def test_a_broad_scope_still_ends_at_its_own_subtree(many, tree, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    page = selectors.member_page(many, MemberFilters(), 1, 50)
    assert "Lê Văn Bình" not in names(page)  # province B's member
    assert selectors.member_page(many, MemberFilters(q="van"), 1, 50).paginator.count == 3
