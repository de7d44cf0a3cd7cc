from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM, can_see_personal_data
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import START, actor_for
from members.models import Membership
from members.services import archive_member, restore_member, transfer_members


def test_a_transfer_must_come_after_the_current_membership_starts(tree):
    with pytest.raises(ServiceError, match="phải sau ngày bắt đầu"):
        transfer_members(SYSTEM, member_ids=[tree.member_a1.pk], target=tree.cdcs_a2, on=START)
    assert Membership.objects.filter(member=tree.member_a1).count() == 1


def test_a_transfer_into_another_subtree_is_refused(tree):
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=object())
    with pytest.raises(ServiceError, match="ngoài phạm vi"):
        transfer_members(actor, member_ids=[tree.member_a1.pk], target=tree.cdcs_b1, on=date(2024, 1, 1))


def test_a_restore_cannot_overlap_the_old_membership(tree):
    archive_member(SYSTEM, member=tree.member_a1, on=date(2024, 1, 1))
    with pytest.raises(ServiceError, match="sau ngày thôi sinh hoạt"):
        restore_member(SYSTEM, member=tree.member_a1, unit=tree.cdcs_a1, on=date(2023, 6, 1))
    restore_member(SYSTEM, member=tree.member_a1, unit=tree.cdcs_a1, on=date(2024, 6, 1))
    assert Membership.objects.filter(member=tree.member_a1).count() == 2


def test_officers_still_see_personal_data_of_a_member_who_left(tree):
    archive_member(SYSTEM, member=tree.member_a1, on=date(2024, 1, 1))
    tree.member_a1.refresh_from_db()
    assert can_see_personal_data(actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=object()), tree.member_a1)
    assert not can_see_personal_data(
        actor_for(tree.fed_b, Role.FEDERATION_STAFF, user=object()), tree.member_a1
    )


def test_member_changes_cannot_be_dated_in_the_future(tree):
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError, match="chưa đến"):
        transfer_members(SYSTEM, member_ids=[tree.member_a1.pk], target=tree.cdcs_a2, on=tomorrow)
    with pytest.raises(ServiceError, match="chưa đến"):
        archive_member(SYSTEM, member=tree.member_a1, on=tomorrow)
    tree.member_a1.refresh_from_db()
    assert tree.member_a1.unit_id == tree.cdcs_a1.pk
