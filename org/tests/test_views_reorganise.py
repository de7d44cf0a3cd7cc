"""The forms of the unit page: each performs its change through the service, leaves an audit event and
keeps the closure consistent; destructive ones need a confirmation step."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from lamtheo.testing import make_user
from members.models import Member
from org import closure
from org.models import Unit, UnitChange, UnitKind, UnitLink, UnitSuccession
from org.selectors import parent_on

D = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)
DECISION = "125/QĐ-LĐLĐ"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a))
    return client


def post(client, name: str, unit, data: dict):
    return client.post(reverse(f"org:{name}", args=[unit.pk]), data)


def events(action: str, **filters) -> int:
    return AuditEvent.objects.filter(action=action, **filters).count()


def test_it_edits_the_attributes(officer, tree):
    response = post(officer, "unit_edit", tree.district_a1, {
        "short_name": "LĐLĐ Đông Sơn", "subkind": "district", "sector": "", "header_parent": "LĐLĐ TỈNH AN HÒA",
        "header_name": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐÔNG SƠN", "issuer_code": "LĐLĐ", "place": "Đông Sơn",
    })  # fmt: skip
    assert response.status_code == 302
    unit = Unit.objects.get(pk=tree.district_a1.pk)
    assert unit.place == "Đông Sơn" and unit.short_name == "LĐLĐ Đông Sơn"
    event = AuditEvent.objects.filter(action="update", model="org.unit", object_id=str(unit.pk)).get()
    assert event.after["place"] == "Đông Sơn" and event.before["place"] == ""


def test_it_refuses_an_invalid_choice_with_a_vietnamese_message(officer, tree):
    response = post(officer, "unit_edit", tree.district_a1, {"sector": "khong-ton-tai"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode() or "không hợp lệ" in (
        response.content.decode()
    )
    assert Unit.objects.get(pk=tree.district_a1.pk).sector == ""


def test_it_creates_a_child_unit(officer, tree):
    response = post(officer, "unit_create_child", tree.district_a1, {
        "code": "cdcs-a3", "name": "Công đoàn Trường THCS Đông Sơn", "kind": UnitKind.GRASSROOTS,
        "sector": "public_service_unit", "on": "01/07/2025", "decision_ref": DECISION,
    })  # fmt: skip
    assert response.status_code == 302
    child = Unit.objects.get(code="CDCS-A3")
    assert parent_on(child.pk, D) == tree.district_a1
    assert parent_on(child.pk, BEFORE) is None
    assert events("create", model="org.unit", object_id=str(child.pk)) == 1
    assert closure.check() == []


def test_it_shows_service_and_form_errors_on_the_form(officer, tree):
    response = post(officer, "unit_create_child", tree.district_a1, {
        "code": tree.cdcs_a1.code, "name": "Trùng mã", "kind": UnitKind.GRASSROOTS, "on": "01/07/2025",
    })  # fmt: skip
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    response = post(officer, "unit_create_child", tree.district_a1, {
        "code": "CDCS-Z", "name": "Công đoàn Z", "kind": UnitKind.GRASSROOTS, "on": "32/13/2025",
    })  # fmt: skip
    assert "Ngày “32/13/2025” không tồn tại." in response.content.decode()
    # Before the parent existed: refused by the service, nothing saved.
    response = post(officer, "unit_create_child", tree.district_a1, {
        "code": "CDCS-Z", "name": "Công đoàn Z", "kind": UnitKind.GRASSROOTS, "on": "01/01/2019",
    })  # fmt: skip
    assert response.status_code == 200
    assert "không hoạt động vào ngày 01/01/2019" in response.content.decode()
    assert not Unit.objects.filter(code="CDCS-Z").exists()


def test_it_moves_a_unit(officer, tree):
    response = post(officer, "unit_move", tree.cdcs_a2, {
        "new_parent": tree.fed_a.pk, "on": "2025-07-01", "decision_ref": DECISION,
    })  # fmt: skip
    assert response.status_code == 302
    assert parent_on(tree.cdcs_a2.pk, BEFORE) == tree.district_a1
    assert parent_on(tree.cdcs_a2.pk, D) == tree.fed_a
    assert events("reorganise", object_id=str(tree.cdcs_a2.pk)) == 1
    assert UnitChange.objects.filter(kind="move", decision_ref=DECISION).exists()
    assert closure.check() == []


def test_it_cannot_move_a_unit_out_of_the_actors_subtree(officer, tree):
    response = post(officer, "unit_move", tree.cdcs_a2, {
        "new_parent": tree.fed_b.pk, "on": "01/07/2025", "decision_ref": DECISION,
    })  # fmt: skip
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert parent_on(tree.cdcs_a2.pk, D) == tree.district_a1


def test_it_renames_a_unit(officer, tree):
    response = post(officer, "unit_rename", tree.district_a1, {
        "new_name": "Công đoàn xã Đông Sơn", "on": "01/07/2025", "decision_ref": DECISION,
    })  # fmt: skip
    assert response.status_code == 302
    unit = Unit.objects.get(pk=tree.district_a1.pk)
    assert unit.name == "Công đoàn xã Đông Sơn"
    assert list(unit.names.values_list("name", flat=True)) == [tree.district_a1.name, unit.name]
    assert events("reorganise", object_id=str(unit.pk)) == 1


def merge_data(**extra) -> dict:
    return {"on": "01/07/2025", "decision_ref": DECISION, **extra}


def test_it_merges_into_a_new_unit_only_after_confirmation(officer, tree):
    data = merge_data(
        others=[tree.cdcs_a2.pk], mode="new", code="CDCS-M", name="Công đoàn Liên cơ quan Đông Sơn",
        kind=UnitKind.GRASSROOTS, sector="public_service_unit", parent=tree.district_a1.pk,
    )  # fmt: skip
    preview = post(officer, "unit_merge", tree.cdcs_a1, data)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Xác nhận hợp nhất" in body
    assert "2 đoàn viên chuyển sinh hoạt về Công đoàn Liên cơ quan Đông Sơn" in body
    assert not Unit.objects.filter(code="CDCS-M").exists()
    assert events("reorganise") == 0

    done = post(officer, "unit_merge", tree.cdcs_a1, {**data, "confirm": "1"})
    assert done.status_code == 302
    new = Unit.objects.get(code="CDCS-M")
    assert parent_on(new.pk, D) == tree.district_a1
    assert not Unit.objects.get(pk=tree.cdcs_a1.pk).is_active_on(D)
    assert set(Member.objects.filter(unit=new).values_list("pk", flat=True)) == {
        tree.member_a1.pk, tree.member_a2.pk,
    }  # fmt: skip
    assert UnitSuccession.objects.filter(successor=new).count() == 2
    assert events("reorganise", object_id=str(new.pk)) == 1
    assert closure.check() == []


def test_it_merges_into_an_existing_unit(officer, tree):
    data = merge_data(mode="existing", target=tree.cdcs_a1.pk, confirm="1")
    response = post(officer, "unit_merge", tree.cdcs_a2, data)
    assert response.status_code == 302
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id == tree.cdcs_a1.pk
    assert not Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)
    assert events("reorganise", object_id=str(tree.cdcs_a1.pk)) == 1
    assert closure.check() == []


def test_it_refuses_to_merge_with_a_unit_of_another_province(officer, tree):
    data = merge_data(mode="existing", target=tree.cdcs_b1.pk, confirm="1")
    response = post(officer, "unit_merge", tree.cdcs_a2, data)
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)


def test_it_splits_a_unit_after_confirmation(officer, tree):
    data = {
        "p1_code": "CDCS-A2X", "p1_name": "Công đoàn Phân xưởng X", "p1_sector": "non_state_enterprise",
        "p2_code": "CDCS-A2Y", "p2_name": "Công đoàn Phân xưởng Y", "p2_sector": "non_state_enterprise",
        "on": "01/07/2025", "decision_ref": DECISION,
    }  # fmt: skip
    preview = post(officer, "unit_split", tree.cdcs_a2, data)
    assert preview.status_code == 200
    assert "Xác nhận chia tách" in preview.content.decode()
    assert not Unit.objects.filter(code__startswith="CDCS-A2X").exists()

    done = post(officer, "unit_split", tree.cdcs_a2, {**data, "confirm": "1"})
    assert done.status_code == 302
    x, y = Unit.objects.get(code="CDCS-A2X"), Unit.objects.get(code="CDCS-A2Y")
    assert parent_on(x.pk, D) == parent_on(y.pk, D) == tree.district_a1
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id == x.pk  # all members to the first part
    assert events("reorganise", object_id=str(tree.cdcs_a2.pk)) == 1
    assert closure.check() == []


def test_it_splits_an_upper_unit_sending_each_child_where_chosen(officer, tree):
    data = {
        "p1_code": "CD-XA1", "p1_name": "Công đoàn xã Đông Sơn", "p2_code": "CD-XA2",
        "p2_name": "Công đoàn xã Tây Sơn", f"child_{tree.cdcs_a2.pk}": "2", "on": "01/07/2025",
        "decision_ref": DECISION, "confirm": "1",
    }  # fmt: skip
    assert post(officer, "unit_split", tree.district_a1, data).status_code == 302
    x, y = Unit.objects.get(code="CD-XA1"), Unit.objects.get(code="CD-XA2")
    assert parent_on(tree.cdcs_a2.pk, D) == y
    assert parent_on(tree.cdcs_a1.pk, D) == x and parent_on(tree.guild.pk, D) == x
    assert closure.check() == []


def test_it_needs_two_parts_to_split(officer, tree):
    response = post(officer, "unit_split", tree.cdcs_a2, {
        "p1_code": "CDCS-A2X", "p1_name": "X", "on": "01/07/2025", "decision_ref": DECISION, "confirm": "1",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Cần ít nhất hai đơn vị mới" in response.content.decode()
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)


def test_it_dissolves_only_after_confirmation(officer, tree):
    data = {"on": "01/07/2025", "decision_ref": DECISION}
    preview = post(officer, "unit_dissolve", tree.cdcs_a2, data)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Xác nhận giải thể" in body and "1 đoàn viên kết thúc sinh hoạt" in body
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)
    back = post(officer, "unit_dissolve", tree.cdcs_a2, {**data, "confirm": "1", "back": "1"})
    assert back.status_code == 200
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)

    done = post(officer, "unit_dissolve", tree.cdcs_a2, {**data, "confirm": "1"})
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("org:unit_detail", args=[tree.district_a1.pk]))
    assert not Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id is None
    assert events("reorganise", object_id=str(tree.cdcs_a2.pk)) == 1
    assert closure.check() == []


def test_it_shows_why_a_unit_with_children_cannot_be_dissolved(officer, tree):
    data = {"on": "01/07/2025", "decision_ref": DECISION}
    preview = post(officer, "unit_dissolve", tree.district_a1, data).content.decode()
    assert "còn 3 đơn vị trực thuộc" in preview
    assert "disabled" in preview
    forced = post(officer, "unit_dissolve", tree.district_a1, {**data, "confirm": "1"})
    assert forced.status_code == 200
    assert "còn đơn vị trực thuộc" in forced.content.decode()
    assert Unit.objects.get(pk=tree.district_a1.pk).is_active_on(D)
    assert UnitLink.objects.filter(parent=tree.district_a1, valid_to__gt=D).count() == 3
    assert events("reorganise") == 0


def test_an_inspector_reads_but_cannot_change(client, tree):
    client.force_login(make_user(tree.fed_a, Role.INSPECTOR))
    assert client.get(reverse("org:unit_detail", args=[tree.cdcs_a2.pk])).status_code == 200
    response = post(client, "unit_dissolve", tree.cdcs_a2, {"on": "01/07/2025", "decision_ref": DECISION,
                                                             "confirm": "1"})  # fmt: skip
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).is_active_on(D)
