"""Chuyển sinh hoạt công đoàn between provinces: released with a letter, accepted by the receiving union."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.scoping import NotPermitted
from audit.models import AuditEvent
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for, make_user
from members.models import Member, Membership, MemberTransfer
from members.transfers import accept_transfer, cancel_transfer, release_member

ON = date(2024, 3, 1)


@pytest.fixture
def sides(tree):
    return (
        actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR),  # the sending union
        actor_for(tree.cdcs_b1, Role.GRASSROOTS_CHAIR),  # the receiving union, in another province
    )


def _release(tree, sender, **extra):
    data = {"member": tree.member_a1, "to_unit": tree.cdcs_b1, "on": ON, "reason": "Chuyển công tác",
            "decision_ref": "12/QĐ-UBND", "decision_date": date(2024, 2, 20)} | extra  # fmt: skip
    return release_member(sender, **data)


def test_the_sender_releases_and_the_receiver_accepts_with_history_on_both_sides(tree, sides):
    sender, receiver = sides
    transfer = _release(tree, sender)
    member = Member.objects.get(pk=tree.member_a1.pk)
    assert member.unit is None and member.archived_at is None  # waiting for the new union
    old = Membership.objects.get(member=member, unit=tree.cdcs_a1)
    assert old.valid_to == ON
    assert (transfer.status, transfer.reason, transfer.decision_ref) == (
        "released",
        "Chuyển công tác",
        "12/QĐ-UBND",
    )
    # The receiving union finds it; the sending union keeps it.
    assert list(MemberTransfer.objects.visible_to(receiver)) == [transfer]
    assert list(MemberTransfer.objects.visible_to(sender)) == [transfer]
    assert not MemberTransfer.objects.visible_to(actor_for(tree.cdcs_a2, Role.GRASSROOTS_CHAIR)).exists()

    accepted = accept_transfer(receiver, transfer=transfer, on=date(2024, 3, 5), decision_ref="3/QĐ-CĐBV")
    member.refresh_from_db()
    assert member.unit == tree.cdcs_b1 and accepted.status == "accepted"
    new = Membership.objects.get(member=member, unit=tree.cdcs_b1)
    assert new.valid_from == date(2024, 3, 5) and new.valid_to.year == 9999
    events = AuditEvent.objects.filter(model="members.member", object_id=str(member.pk)).order_by("id")
    assert [e.unit_id for e in events][-2:] == [tree.cdcs_a1.pk, tree.cdcs_b1.pk]
    assert events.filter(after__reason="Chuyển công tác").exists()
    with pytest.raises(ServiceError, match="đã ở trạng thái “Đã tiếp nhận”"):
        accept_transfer(receiver, transfer=transfer, on=date(2024, 3, 6))


@pytest.mark.parametrize(
    "who",
    [
        lambda t: actor_for(t.cdcs_a2, Role.GRASSROOTS_CHAIR),  # a sibling union
        lambda t: actor_for(t.cdcs_a1, Role.MEMBER),  # a plain member
        lambda t: actor_for(t.fed_b, Role.FEDERATION_STAFF),  # the receiving side cannot release
    ],
)
def test_only_officers_of_the_members_union_or_above_release(tree, who):
    with pytest.raises(NotPermitted):
        _release(tree, who(tree))
    assert (
        Member.objects.get(pk=tree.member_a1.pk).unit == tree.cdcs_a1 and not MemberTransfer.objects.exists()
    )


def test_only_officers_of_the_receiving_union_or_above_accept(tree, sides):
    sender, _receiver = sides
    transfer = _release(tree, sender)
    for outsider in (
        sender,
        actor_for(tree.fed_a, Role.FEDERATION_STAFF),
        actor_for(tree.cdcs_b1, Role.MEMBER),
    ):
        with pytest.raises(NotPermitted):
            accept_transfer(outsider, transfer=transfer, on=ON)
    assert (
        accept_transfer(actor_for(tree.fed_b, Role.FEDERATION_STAFF), transfer=transfer, on=ON).status
        == "accepted"
    )


def test_it_refuses_missing_reason_or_decision_bad_targets_and_dates(tree, sides):
    sender, receiver = sides
    with pytest.raises(ServiceError, match="lý do"):
        _release(tree, sender, reason="  ")
    with pytest.raises(ServiceError, match="số quyết định"):
        _release(tree, sender, decision_ref="")
    with pytest.raises(ServiceError, match="công đoàn cơ sở"):
        _release(tree, sender, to_unit=tree.fed_b)
    with pytest.raises(ServiceError, match="đang sinh hoạt ở"):
        _release(tree, sender, to_unit=tree.cdcs_a1)
    with pytest.raises(ServiceError, match="chưa đến"):
        _release(tree, sender, on=timezone.localdate() + timedelta(days=3))
    transfer = _release(tree, sender)
    with pytest.raises(ServiceError, match="không đang sinh hoạt"):
        _release(tree, sender, member=Member.objects.get(pk=tree.member_a1.pk))
    with pytest.raises(ServiceError, match="không được trước ngày thôi sinh hoạt"):
        accept_transfer(receiver, transfer=transfer, on=date(2024, 2, 1))
    assert Member.objects.get(pk=tree.member_a1.pk).unit is None


def test_the_sender_cancels_a_release_not_yet_accepted(tree, sides):
    sender, receiver = sides
    transfer = _release(tree, sender)
    with pytest.raises(NotPermitted):
        cancel_transfer(receiver, transfer=transfer, reason="Không nhận")
    cancelled = cancel_transfer(sender, transfer=transfer, reason="Đoàn viên ở lại")
    assert cancelled.status == "cancelled"
    member = Member.objects.get(pk=tree.member_a1.pk)
    assert member.unit == tree.cdcs_a1
    assert Membership.objects.get(member=member).valid_to.year == 9999  # one unbroken membership
    with pytest.raises(ServiceError):
        accept_transfer(receiver, transfer=transfer, on=ON)


def test_the_pages_release_print_the_letter_and_accept(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1"))
    url = reverse("members:transfer_release", args=[tree.member_a1.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"to_unit": "KHONG-CO", "on": "01/03/2024", "reason": "", "decision_ref": ""})
    assert (
        bad.status_code == 200 and "Không có đơn vị mã “KHONG-CO”" in bad.text and "Cần nêu lý do" in bad.text
    )
    response = client.post(url, {"to_unit": "cdcs-b1", "on": "01/03/2024", "reason": "Chuyển công tác",
                                 "decision_ref": "12/QĐ-UBND", "decision_date": "20/02/2024"})  # fmt: skip
    transfer = MemberTransfer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:transfer_letter", args=[transfer.pk]
    )
    letter = client.get(response["Location"]).text
    assert "GIẤY GIỚI THIỆU" in letter and "Công đoàn Bệnh viện Bình Sơn" in letter and "12/QĐ-UBND" in letter
    assert "01/05/1990" in letter and "Chuyển công tác" in letter
    assert "Nguyễn Văn Đức" in client.get(reverse("members:transfer_list")).text
    waiting = client.get(reverse("members:member_detail", args=[tree.member_a1.pk]))
    assert waiting.status_code == 200 and "đang chờ công đoàn nơi đến tiếp nhận" in waiting.text

    client.force_login(make_user(tree.cdcs_b1, Role.GRASSROOTS_CHAIR, username="chu-tich-b1"))
    listing = client.get(reverse("members:transfer_list")).text
    assert "Nguyễn Văn Đức" in listing and reverse("members:transfer_accept", args=[transfer.pk]) in listing
    assert client.get(reverse("members:transfer_letter", args=[transfer.pk])).status_code == 200
    assert client.get(reverse("members:transfer_cancel", args=[transfer.pk])).status_code == 403
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), {"on": "05/03/2024"})
    assert response.status_code == 302
    assert Member.objects.get(pk=tree.member_a1.pk).unit == tree.cdcs_b1

    client.force_login(make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR, username="chu-tich-a2"))
    assert client.get(reverse("members:transfer_letter", args=[transfer.pk])).status_code == 404
    assert "Nguyễn Văn Đức" not in client.get(reverse("members:transfer_list")).text


def test_a_refused_release_shows_its_message_on_the_form_not_a_bare_403(client, tree, monkeypatch):
    """The pages of every app map refusals one way (lamtheo.lib.forms): on a form, the message."""

    def refuse(actor, **kwargs):
        raise NotPermitted("Đơn vị nơi đến không nhận đoàn viên của bạn.", field="to_unit")

    monkeypatch.setattr("members.transfers.release_member", refuse)
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1-refused"))
    url = reverse("members:transfer_release", args=[tree.member_a1.pk])
    response = client.post(url, {"to_unit": "cdcs-b1", "on": "01/03/2024", "reason": "Chuyển công tác",
                                 "decision_ref": "12/QĐ-UBND", "decision_date": "20/02/2024"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["to_unit"] == ["Đơn vị nơi đến không nhận đoàn viên của bạn."]
    assert not MemberTransfer.objects.exists()
