"""The dated tree cannot be corrupted: a change dated before a later change of the same units is
refused (naming that change), a parent's whole lifetime is checked, and check_tree sees every fault."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.scoping import SYSTEM
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError
from org import closure
from org.figures import member_counts
from org.figures import members_in_subtree as count_members_in_subtree
from org.models import Unit, UnitKind, UnitLink, UnitName
from org.services import (
    UnitSpec,
    create_unit,
    dissolve_unit,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
)

EARLY = date(2024, 1, 1)
D = date(2025, 7, 1)
LATER = date(2025, 9, 1)


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def district(code: str, parent: Unit, on: date = date(2020, 1, 1)) -> Unit:
    spec = UnitSpec(code=code, name=f"Liên đoàn Lao động huyện {code}", kind=UnitKind.UPPER_GRASSROOTS)
    return create_unit(SYSTEM, spec=spec, parent=parent, on=on)


def grassroots(code: str) -> UnitSpec:
    return UnitSpec(code=code, name=f"Công đoàn {code}", kind=UnitKind.GRASSROOTS)


# --- moves dated before a later move --------------------------------------------------------------


def test_a_move_dated_before_a_later_move_is_refused_naming_that_move(tree):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_b, on=D)
    with pytest.raises(ServiceError, match=r"01/07/2025 \(chuyển đơn vị cấp trên\)"):
        move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=EARLY)
    assert closure.check() == []
    assert member_counts([tree.root.pk], LATER)[tree.root.pk] == count_members_in_subtree(tree.root.pk, LATER)


def test_a_move_ahead_of_a_scheduled_dissolution_ends_with_the_unit(tree):
    later = timezone.localdate() + timedelta(days=60)
    dissolve_unit(SYSTEM, unit=tree.guild, on=later)
    move_unit(SYSTEM, unit=tree.guild, new_parent=tree.fed_a, on=D)
    link = UnitLink.objects.get(child=tree.guild, parent=tree.fed_a)
    assert link.valid_to == later
    assert closure.check() == []


# --- the parent's whole lifetime ------------------------------------------------------------------


def test_a_child_cannot_be_created_under_a_parent_set_to_end(tree):
    later = timezone.localdate() + timedelta(days=60)
    empty = district("LDLD-X", tree.fed_a)
    dissolve_unit(SYSTEM, unit=empty, on=later)
    with pytest.raises(ServiceError, match="kết thúc ngày"):
        create_unit(SYSTEM, spec=grassroots("CDCS-X"), parent=fresh(empty), on=D)
    assert not Unit.objects.filter(code="CDCS-X").exists()
    assert closure.check() == []


def test_a_unit_cannot_be_moved_under_a_parent_dissolved_later(tree):
    later = timezone.localdate() + timedelta(days=60)
    empty = district("LDLD-X", tree.fed_a)
    dissolve_unit(SYSTEM, unit=empty, on=later)
    with pytest.raises(ServiceError, match="kết thúc ngày"):
        move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=fresh(empty), on=D)
    assert closure.check() == []


def test_a_parent_cannot_end_before_a_child_that_arrives_later(tree):
    other = district("LDLD-X", tree.fed_a)
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=other, on=LATER)
    with pytest.raises(ServiceError, match="01/09/2025"):
        dissolve_unit(SYSTEM, unit=other, on=D)
    assert closure.check() == []


# --- names ------------------------------------------------------------------------------------------


def test_a_backdated_rename_before_a_later_rename_is_refused(tree):
    rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Tên thứ hai", on=D)
    with pytest.raises(ServiceError, match=r"01/07/2025 \(đổi tên\)"):
        rename_unit(SYSTEM, unit=fresh(tree.cdcs_a1), new_name="Tên chen giữa", on=EARLY)
    open_names = UnitName.objects.filter(unit=tree.cdcs_a1, valid_to=OPEN_END)
    assert list(open_names.values_list("name", flat=True)) == ["Tên thứ hai"]
    assert fresh(tree.cdcs_a1).name == "Tên thứ hai"


def test_a_backdated_rename_gives_the_unit_its_current_name(tree):
    rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Tên từ năm 2024", on=EARLY)
    assert fresh(tree.cdcs_a1).name == "Tên từ năm 2024"
    assert closure.check() == []


def test_a_future_rename_is_refused_and_the_name_of_today_stays(tree):
    later = timezone.localdate() + timedelta(days=10)
    with pytest.raises(ServiceError, match="chưa đến"):
        rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Tên tương lai", on=later)
    assert fresh(tree.cdcs_a1).name == "Công đoàn Trường Tiểu học Đông Sơn"
    assert fresh(tree.cdcs_a1).header_name == "CÔNG ĐOÀN TRƯỜNG TIỂU HỌC ĐÔNG SƠN"


# --- loops and bad input end in a Vietnamese message, never a 500 --------------------------------


def test_a_move_that_closes_a_loop_on_a_later_date_is_refused(tree):
    other = district("LDLD-X", tree.fed_a)
    move_unit(SYSTEM, unit=other, new_parent=tree.district_a1, on=LATER)
    with pytest.raises(ServiceError, match="trực thuộc nó"):
        move_unit(SYSTEM, unit=tree.district_a1, new_parent=other, on=D)
    assert closure.check() == []


def test_a_unit_may_go_under_what_was_below_it_once_that_has_left(tree):
    """Found by the state machine: links that form a cycle over time but no loop on any day."""
    move_unit(SYSTEM, unit=tree.district_a1, new_parent=tree.root, on=D)
    move_unit(SYSTEM, unit=tree.fed_a, new_parent=tree.district_a1, on=D)
    assert closure.check() == []
    assert Unit.objects.subtree_of(tree.district_a1.pk, on=LATER).filter(pk=tree.fed_a.pk).exists()
    assert Unit.objects.subtree_of(tree.fed_a.pk, on=EARLY).filter(pk=tree.district_a1.pk).exists()


def test_merging_a_unit_into_its_own_child_is_refused(tree):
    with pytest.raises(ServiceError, match="trực thuộc"):
        merge_units(SYSTEM, sources=[tree.fed_a], target=tree.district_a1, parent=None, on=D)
    assert closure.check() == []


def test_merging_a_unit_that_has_a_later_move_is_refused(tree):
    other = district("LDLD-X", tree.fed_a)
    move_unit(SYSTEM, unit=other, new_parent=tree.fed_b, on=LATER)
    with pytest.raises(ServiceError, match=r"01/09/2025 \(chuyển đơn vị cấp trên\)"):
        merge_units(SYSTEM, sources=[other], target=tree.district_a1, parent=None, on=D)
    assert closure.check() == []


def test_merging_children_into_a_grassroots_union_is_refused(tree):
    with pytest.raises(ServiceError, match="Công đoàn cơ sở không thể có đơn vị trực thuộc"):
        merge_units(SYSTEM, sources=[tree.district_a1], target=tree.cdcs_b1, parent=None, on=D)


@pytest.mark.parametrize("index", [2, -1])
def test_a_split_part_out_of_range_is_refused(tree, index):
    parts = [grassroots("CDCS-P"), grassroots("CDCS-Q")]
    with pytest.raises(ServiceError, match="không có phần"):
        split_unit(SYSTEM, source=tree.cdcs_a2, parts=parts, on=D, member_part={tree.member_a2.pk: index})
    with pytest.raises(ServiceError, match="không có phần"):
        split_unit(SYSTEM, source=tree.district_a1, parts=[district_spec("P"), district_spec("Q")], on=D,
                   child_part={tree.cdcs_a1.pk: index})  # fmt: skip
    assert not Unit.objects.filter(code__in=["CDCS-P", "LDLD-P"]).exists()


def district_spec(code: str) -> UnitSpec:
    return UnitSpec(code=f"LDLD-{code}", name=f"Huyện {code}", kind=UnitKind.UPPER_GRASSROOTS)


def test_a_split_dated_before_a_later_move_of_a_child_is_refused(tree):
    move_unit(SYSTEM, unit=tree.cdcs_a1, new_parent=tree.fed_a, on=LATER)
    with pytest.raises(ServiceError, match="01/09/2025"):
        split_unit(SYSTEM, source=tree.district_a1, parts=[district_spec("P"), district_spec("Q")], on=D)
    assert closure.check() == []


# --- check_tree sees every inconsistency ------------------------------------------------------------


def test_check_tree_finds_a_link_outliving_its_parent(tree):
    Unit.objects.filter(pk=tree.fed_b.pk).update(valid_to=D)
    UnitName.objects.filter(unit=tree.fed_b).update(valid_to=D)
    UnitLink.objects.filter(child=tree.fed_b).update(valid_to=D)
    closure.rebuild()
    problems = closure.check()
    assert any("đơn vị cấp trên #" in p and "kết thúc" in p for p in problems), problems


def test_check_tree_finds_a_unit_without_a_root_path(tree):
    UnitLink.objects.filter(child=tree.cdcs_b1).update(valid_to=D)
    closure.rebuild()
    problems = closure.check()
    assert any("không có đơn vị cấp trên" in p for p in problems), problems


def test_check_tree_finds_overlapping_names(tree):
    UnitName.objects.create(unit=tree.cdcs_a1, name="Tên chồng lấn", valid_from=D)
    problems = closure.check()
    assert any("hai tên cùng lúc" in p for p in problems), problems


def test_check_tree_finds_overlapping_parent_links(tree):
    UnitLink.objects.create(child=tree.cdcs_a1, parent=tree.fed_b, valid_from=D)
    assert any("hai đơn vị cấp trên" in p for p in closure.check())


def test_check_tree_finds_a_current_name_that_is_not_todays(tree):
    Unit.objects.filter(pk=tree.cdcs_a1.pk).update(name="Tên sai")
    assert any("Tên hiện tại" in p for p in closure.check())


def test_check_tree_finds_a_loop_without_failing(tree):
    UnitLink.objects.filter(child=tree.fed_a).update(valid_to=D)
    UnitLink.objects.create(child=tree.fed_a, parent=tree.district_a1, valid_from=D)
    assert any("Vòng lặp" in p for p in closure.check())


def test_merging_a_unit_with_itself_is_refused(tree):
    spec = UnitSpec(code="LDLD-M", name="Huyện M", kind=UnitKind.UPPER_GRASSROOTS)
    with pytest.raises(ServiceError, match="hai lần"):
        merge_units(
            SYSTEM, sources=[tree.district_a1, tree.district_a1], target=spec, parent=tree.fed_a, on=D
        )
    assert closure.check() == []
