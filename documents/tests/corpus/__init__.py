"""The reader's corpus: the project's own documents in the layouts real documents arrive in
(make_corpus.py writes them; expected.json holds the fields a person reads off each)."""

import json
from pathlib import Path

from documents.fields import DocumentFields

HERE = Path(__file__).resolve().parent
FIELDS = (
    "kind", "number", "symbol", "date", "place", "issuer", "issuer_parent", "subject",
    "signer_authority", "signer_title", "signer_name", "recipients", "addressees",
)  # fmt: skip


def expected() -> dict[str, dict]:
    """Generated documents (expected.json, by make_corpus.py) and hand-written ones (hand.json)."""
    generated = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    hand = json.loads((HERE / "hand.json").read_text(encoding="utf-8"))
    return {**generated, **hand}


def got(fields: DocumentFields) -> dict:
    """The scored fields of a read document, in expected.json's shape."""
    return {
        "kind": fields.kind,
        "number": fields.number,
        "symbol": fields.symbol,
        "date": fields.date.isoformat() if fields.date else None,
        "place": fields.place,
        "issuer": fields.issuer,
        "issuer_parent": fields.issuer_parent,
        "subject": " ".join(fields.subject.split()),
        "signer_authority": fields.signer.authority,
        "signer_title": fields.signer.title,
        "signer_name": fields.signer.name,
        "recipients": [r.name for r in fields.recipients],
        "addressees": list(fields.addressees),
    }


def score() -> tuple[int, int, dict[str, list[str]]]:
    """(fields read correctly, fields in all, wrong fields per document)."""
    from documents.reading import read_file

    right = total = 0
    wrong: dict[str, list[str]] = {}
    for name, truth in sorted(expected().items()):
        read = got(read_file(HERE / name))
        for key in FIELDS:
            total += 1
            if read[key] == truth[key]:
                right += 1
            else:
                wrong.setdefault(name, []).append(key)
    return right, total, wrong
