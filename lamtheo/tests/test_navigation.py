"""The site's menu (lamtheo.navigation): who gets which link, and which one is the current page."""

import pytest

from accounts.models import Role
from lamtheo.navigation import menu
from lamtheo.templatetags.kit import names_except
from lamtheo.testing import actor_for, make_user

pytestmark = pytest.mark.django_db


def _current(links) -> list[str]:
    return [link.label for link in links if link.current]


def test_the_current_link_is_the_longest_address_that_starts_the_path(tree):
    actor = actor_for(tree.fed_a)
    assert _current(menu(actor, "/")) == ["Trang chủ"]
    assert _current(menu(actor, "/to-chuc/")) == ["Cây tổ chức"]
    # /to-chuc/ starts this path too: the longer "Đơn vị" address wins
    assert _current(menu(actor, f"/to-chuc/don-vi/{tree.fed_a.pk}/")) == ["Đơn vị"]
    assert _current(menu(actor, "/so-lieu/don-vi/1/members_by_sector/")) == ["Số liệu"]
    assert _current(menu(actor, "/khong-co/")) == []


def test_a_plain_member_gets_no_officer_links(tree):
    labels = [link.label for link in menu(actor_for(tree.cdcs_a1, Role.MEMBER), "/")]
    assert "Đoàn viên" not in labels and "Nhật ký" not in labels and "Nhập dữ liệu" not in labels
    assert "Chuyển sinh hoạt" not in labels and "Số liệu" in labels
    officer = [link.label for link in menu(actor_for(tree.fed_a), "/")]
    assert {"Đoàn viên", "Nhật ký", "Nhập dữ liệu", "Chuyển sinh hoạt"} <= set(officer)


def test_the_page_marks_its_menu_link_current(client, tree):
    client.force_login(make_user(tree.fed_a))
    body = client.get("/to-chuc/don-vi/").content.decode()
    assert 'class="nav-link active" href="/to-chuc/don-vi/" aria-current="page">Đơn vị</a>' in body
    assert 'class="nav-link" href="/to-chuc/">Cây tổ chức</a>' in body


def test_a_visitor_404_offers_the_login_and_no_menu(client, settings):
    settings.DEBUG = False
    body = client.get("/khong-co-trang-nay/").content.decode()
    assert 'href="/tai-khoan/dang-nhap/"' in body and "Đăng nhập</a>" in body
    assert "menu mang tên bạn" not in body and "nav-link" not in body


def test_names_except_leaves_the_unit_itself_out(tree):
    units = [tree.fed_a, tree.district_a1, tree.cdcs_a1]
    assert names_except(units, tree.cdcs_a1) == [tree.fed_a.name, tree.district_a1.name]
    assert names_except(units, tree.fed_a) == [tree.district_a1.name, tree.cdcs_a1.name]
