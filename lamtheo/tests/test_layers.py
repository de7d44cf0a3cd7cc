"""The apps depend one way (.importlinter, drawn in docs/architecture.md "Layers"): an import against
the order fails here and in `make lint`."""

import configparser
import re
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / ".importlinter"


def _layers() -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    raw = parser["importlinter:contract:layers"]["layers"]
    return [line.strip() for line in raw.splitlines() if line.strip()]


def test_every_import_contract_is_kept():
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == 0


def test_the_architecture_document_draws_the_layers_of_the_contract():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    drawn = re.findall(r"^\s*\d+\. `([^`]+)`", section, flags=re.MULTILINE)
    assert drawn == _layers()


def test_known_violations_name_the_work_that_removes_them():
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        # ignore_imports entries are the indented "a -> b" lines.
        if (
            line.startswith(" ")
            and "->" in line
            and not line.lstrip().startswith("#")
            and "tests" not in line
            and not line.split("->")[0].strip().endswith(".indicators")  # the rule for declarations
        ):
            assert lines[i - 1].lstrip().startswith("#") and "`" in lines[i - 1], line
