from datetime import date

import pytest

from accounts.scoping import SYSTEM
from lamtheo.lib.errors import ServiceError
from members.models import Member
from org import closure
from org.figures import members_in_subtree as count_members_in_subtree
from org.models import Unit, UnitKind, UnitSuccession
from org.services import UnitSpec, dissolve_unit, merge_units, move_unit, rename_unit, split_unit

D = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)


def subtree_codes(unit, on):
    return set(Unit.objects.subtree_of(unit.pk, on).values_list("code", flat=True))


def test_it_answers_the_subtree_as_of_a_date_after_a_move(tree):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_b, on=D, decision_ref="12/QĐ-LĐLĐ")
    assert "CDCS-A2" in subtree_codes(tree.fed_a, BEFORE)
    assert "CDCS-A2" not in subtree_codes(tree.fed_a, D)
    assert "CDCS-A2" in subtree_codes(tree.fed_b, D)
    assert "CDCS-A2" not in subtree_codes(tree.fed_b, BEFORE)
    assert count_members_in_subtree(tree.fed_b.pk, D) == 2
    assert count_members_in_subtree(tree.fed_b.pk, BEFORE) == 1
    assert closure.check() == []


def test_it_merges_districts_and_reparents_their_children(tree):
    other = create_other_district(tree)
    new = merge_units(
        SYSTEM,
        sources=[tree.district_a1, other],
        target=UnitSpec(code="CD-XA", name="Công đoàn xã Đông Sơn", kind=UnitKind.UPPER_GRASSROOTS),
        parent=tree.fed_a,
        on=D,
    )
    assert subtree_codes(new, D) >= {"CD-XA", "CDCS-A1", "CDCS-A2", "ND-A"}
    assert subtree_codes(new, BEFORE) == set()
    assert "LDLD-A1" in subtree_codes(tree.fed_a, BEFORE)
    assert "LDLD-A1" not in subtree_codes(tree.fed_a, D)
    assert UnitSuccession.objects.filter(successor=new).count() == 2
    assert closure.check() == []


def test_it_merges_grassroots_unions_with_their_members(tree):
    merge_units(SYSTEM, sources=[tree.cdcs_a2], target=tree.cdcs_a1, parent=None, on=D)
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id == tree.cdcs_a1.pk
    assert count_members_in_subtree(tree.cdcs_a1.pk, D) == 2
    assert count_members_in_subtree(tree.cdcs_a1.pk, BEFORE) == 1


def test_it_splits_a_unit(tree):
    parts = [
        UnitSpec(code="CDCS-A2X", name="Công đoàn Phân xưởng X", kind=UnitKind.GRASSROOTS),
        UnitSpec(code="CDCS-A2Y", name="Công đoàn Phân xưởng Y", kind=UnitKind.GRASSROOTS),
    ]
    x, y = split_unit(SYSTEM, source=tree.cdcs_a2, parts=parts, on=D, member_part={tree.member_a2.pk: 1})
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id == y.pk
    assert subtree_codes(tree.district_a1, D) >= {"CDCS-A2X", "CDCS-A2Y"}
    assert "CDCS-A2" not in subtree_codes(tree.district_a1, D)
    assert closure.check() == []


def test_it_refuses_to_dissolve_a_unit_with_children(tree):
    with pytest.raises(ServiceError, match="còn đơn vị trực thuộc"):
        dissolve_unit(SYSTEM, unit=tree.district_a1, on=D)


def test_it_dissolves_a_grassroots_union_and_ends_memberships(tree):
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D, decision_ref="05/QĐ-LĐLĐ")
    assert Member.objects.get(pk=tree.member_a2.pk).unit_id is None
    assert count_members_in_subtree(tree.fed_a.pk, BEFORE) == 2
    assert count_members_in_subtree(tree.fed_a.pk, D) == 1


def test_it_keeps_the_old_name(tree):
    from org.services import unit_name_on

    rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Công đoàn Trường Tiểu học Đông Sơn mới", on=D)
    assert unit_name_on(tree.cdcs_a1, BEFORE) == "Công đoàn Trường Tiểu học Đông Sơn"
    assert unit_name_on(tree.cdcs_a1, D).endswith("mới")


def test_it_refuses_a_cycle(tree):
    with pytest.raises(ServiceError):
        move_unit(SYSTEM, unit=tree.fed_a, new_parent=tree.district_a1, on=D)


def test_check_tree_finds_a_tampered_closure(tree):
    from org.models import UnitClosure

    UnitClosure.objects.filter(ancestor=tree.fed_a, descendant=tree.cdcs_a1).delete()
    assert any("thiếu" in p for p in closure.check())


def create_other_district(tree):
    from org.services import create_unit

    return create_unit(
        SYSTEM,
        spec=UnitSpec(
            code="LDLD-A2", name="Liên đoàn Lao động huyện Tây Sơn", kind=UnitKind.UPPER_GRASSROOTS
        ),
        parent=tree.fed_a,
        on=date(2020, 1, 1),
    )


def test_services_refuse_units_outside_the_actors_scope(tree):
    from accounts.models import Role
    from lamtheo.testing import actor_for

    actor_b = actor_for(tree.fed_b, Role.FEDERATION_STAFF, user=object())
    with pytest.raises(ServiceError, match="ngoài phạm vi"):
        move_unit(actor_b, unit=tree.cdcs_a2, new_parent=tree.fed_b, on=D)
    with pytest.raises(ServiceError, match="ngoài phạm vi"):
        dissolve_unit(actor_b, unit=tree.cdcs_a2, on=D)
    member_actor = actor_for(tree.fed_a, Role.MEMBER, user=object())
    with pytest.raises(ServiceError, match="không được thay đổi"):
        rename_unit(member_actor, unit=tree.cdcs_a1, new_name="Tên mới", on=D)
    assert Unit.objects.get(pk=tree.cdcs_a2.pk).valid_to > D


def test_partial_rebuilds_agree_with_a_full_derivation_after_many_changes(tree):
    """Each service rebuilds only the subtree it touched; check() re-derives the whole tree to compare."""
    from datetime import timedelta

    on = date(2021, 1, 1)
    for step in range(6):
        unit = (tree.cdcs_a1, tree.cdcs_a2, tree.district_a1)[step % 3]
        target = (tree.fed_b, tree.fed_a)[step % 2]
        if not Unit.objects.subtree_of(unit.pk, on).filter(pk=target.pk).exists():
            from org.selectors import parent_on

            if parent_on(unit.pk, on) != target:
                move_unit(SYSTEM, unit=unit, new_parent=target, on=on)
        on += timedelta(days=30)
    rename_unit(SYSTEM, unit=tree.fed_b, new_name="Liên đoàn Lao động tỉnh Bình Sơn mới", on=on)
    assert closure.check() == []


def test_a_unit_without_members_can_be_dissolved_ahead_of_time(tree):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.localdate() + timedelta(days=30)
    dissolve_unit(SYSTEM, unit=tree.guild, on=later)  # the guild has no members
    assert Unit.objects.get(pk=tree.guild.pk).valid_to == later
    with pytest.raises(ServiceError, match="chưa đến"):
        dissolve_unit(SYSTEM, unit=tree.cdcs_a1, on=later)  # its member's move can't be dated ahead
    assert Unit.objects.get(pk=tree.cdcs_a1.pk).valid_to > later  # and nothing was half-saved
