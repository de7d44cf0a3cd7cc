"""The fields of an official document, shared by the writer, the reader and the registry.

Plain dataclasses (no ORM) so that writing and reading can be tested without a database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Signer:
    authority: str = ""  # "TM. BAN THƯỜNG VỤ" (prefix line, may be empty)
    title: str = ""  # "PHÓ CHỦ TỊCH"
    name: str = ""  # "Lò Thị Hằng"


@dataclass
class Recipient:
    name: str
    purpose: str = ""  # "b/c", "t/h", "p/h" ... ; "" when none
    unit_id: int | None = None  # the unit it delivers to, when chosen (else matched by name)
    reach: str = ""  # "" the unit, "children" its direct children, "subtree" every unit below it


@dataclass
class Citation:
    symbol: str  # normalised: "6713/TLĐ-TG", "01-KL/TW", "30/2020/NĐ-CP"
    raw: str = ""  # as written
    kind: str = ""  # app kind code when the text names it ("Công văn số ..." -> cong_van)
    date: date | None = None
    issuer: str = ""
    family: str = ""  # "state", "party", "legal"


@dataclass
class Section:
    """A heading of the body with its paragraphs and sub-sections.

    level: 1 for "I.", 2 for "1.", 3 for "1.1.", 4 for "a)"; numbering as written ("I", "1", "2.1", "a").
    """

    level: int
    number: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Task:
    """Something the document asks of its recipients, with a deadline when the text gives one."""

    text: str
    deadline: date | None = None
    recurrence: str = ""  # "" | "yearly" | "quarterly" | "half_yearly"
    # For recurring tasks, the deadline rule per year, e.g. {2021: "2021-09-30", "other": "Q1"}.
    schedule: dict[str, str] = field(default_factory=dict)


@dataclass
class DocumentFields:
    kind: str = ""  # DocumentKind value, e.g. "ke_hoach"
    number: str = ""  # "18", "06b"; "" when unnumbered
    symbol: str = ""  # full normalised symbol "18/BC-LĐLĐ"
    issuer: str = ""  # issuing body as printed ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU") or its code
    issuer_parent: str = ""  # header line above the issuer
    date: date | None = None
    place: str = ""
    subject: str = ""  # trích yếu
    recipients: list[Recipient] = field(default_factory=list)  # Nơi nhận
    addressees: list[str] = field(default_factory=list)  # Kính gửi
    signer: Signer = field(default_factory=Signer)
    citations: list[Citation] = field(default_factory=list)
    opening: str = ""  # the paragraph(s) before the first heading
    sections: list[Section] = field(default_factory=list)
    closing: str = ""  # "Trên đây là ..."
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        for c in data["citations"]:
            c["date"] = c["date"].isoformat() if c["date"] else None
        for t in data["tasks"]:
            t["deadline"] = t["deadline"].isoformat() if t["deadline"] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentFields:
        """The inverse of to_json (a staged upload keeps its read result this way)."""

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        def section(d: dict[str, Any]) -> Section:
            return Section(
                level=d["level"],
                number=d["number"],
                title=d["title"],
                paragraphs=list(d["paragraphs"]),
                children=[section(c) for c in d["children"]],
            )

        return cls(
            **{
                k: data[k]
                for k in ("kind", "number", "symbol", "issuer", "issuer_parent", "place", "subject")
            },
            date=day(data["date"]),
            recipients=[Recipient(**r) for r in data["recipients"]],
            addressees=list(data["addressees"]),
            signer=Signer(**data["signer"]),
            citations=[Citation(**{**c, "date": day(c["date"])}) for c in data["citations"]],
            opening=data["opening"],
            sections=[section(s) for s in data["sections"]],
            closing=data["closing"],
            tasks=[Task(**{**t, "deadline": day(t["deadline"])}) for t in data["tasks"]],
            warnings=list(data["warnings"]),
        )
