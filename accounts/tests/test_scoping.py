from accounts.models import Role
from accounts.scoping import SYSTEM, can_see_personal_data, unit_is_visible, visible_unit_ids
from lamtheo.testing import actor_for
from members.models import Member


def test_it_scopes_to_the_subtree(tree):
    a = actor_for(tree.fed_a, user=object())
    visible = {row["descendant_id"] for row in visible_unit_ids(a)}
    assert tree.cdcs_a1.pk in visible and tree.district_a1.pk in visible
    assert tree.cdcs_b1.pk not in visible and tree.root.pk not in visible


def test_a_grassroots_union_sees_only_itself(tree):
    actor = actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, user=object())
    assert unit_is_visible(actor, tree.cdcs_a1.pk)
    assert not unit_is_visible(actor, tree.cdcs_a2.pk)
    assert list(Member.objects.visible_to(actor)) == [tree.member_a1]


def test_personal_data_is_for_officers_of_the_unit_or_above(tree):
    member = tree.member_a1
    assert can_see_personal_data(actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=object()), member)
    assert can_see_personal_data(actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, user=object()), member)
    assert not can_see_personal_data(actor_for(tree.cdcs_a1, Role.MEMBER, user=object()), member)
    assert not can_see_personal_data(actor_for(tree.cdcs_a1, Role.INSPECTOR, user=object()), member)
    assert not can_see_personal_data(actor_for(tree.fed_b, Role.FEDERATION_STAFF, user=object()), member)


def test_the_system_actor_sees_everything(tree):
    from org.models import Unit

    assert Unit.objects.visible_to(SYSTEM).count() == Unit.objects.count()
