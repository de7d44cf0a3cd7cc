from dataclasses import dataclass
from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM, Actor
from study import services
from study.models import Topic, TopicScope

SEED_004_ITEMS = [
    "Học tập và làm theo Bác về phát huy quyền làm chủ của Nhân dân",
    "Học tập và làm theo Bác về đẩy mạnh đổi mới sáng tạo",
    "Học tập và làm theo Bác về khơi dậy khát vọng xây dựng cuộc sống ấm no, hạnh phúc",
    "Nhiệm vụ và giải pháp học tập và làm theo Bác của tỉnh",
]
# Seed 004: Q1 (1)+(4), Q2 (2)+(4), Q3 (3)+(4), Q4 review of the year.
SEED_004_SCHEDULE = {1: [1, 4], 2: [2, 4], 3: [3, 4]}
SEED_004_NOTES = {4: "Tổng hợp, đánh giá kết quả học tập và làm theo Bác năm 2024"}


@dataclass
class Study:
    topic: Topic

    def item(self, n: int):
        return self.topic.items.get(number=n)


@pytest.fixture
def study(tree) -> Study:
    topic = services.create_topic(
        SYSTEM, issuer_unit=tree.fed_a, scope=TopicScope.YEAR, year=2024, title="Chuyên đề năm 2024",
        items=SEED_004_ITEMS, valid_from=date(2024, 1, 1), valid_to=date(2025, 1, 1), term="XIII",
    )  # fmt: skip
    services.set_schedule(
        SYSTEM, unit=tree.fed_a, topic=topic, year=2024, quarters=SEED_004_SCHEDULE, notes=SEED_004_NOTES
    )
    return Study(topic)


def member_actor(unit, member, user=None) -> Actor:
    return Actor(user=user, unit_id=unit.pk, role=Role.MEMBER, member_id=member.pk)
