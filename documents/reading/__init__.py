"""The lenient reader of official documents (DOMAIN.md §1.12): text, .docx or .pdf -> DocumentFields.

Write strictly, read leniently: every deviation from Nghị định 30/2020 is kept as a Vietnamese warning in
DocumentFields.warnings, and reading never raises on any text.
"""

from .document import read_text
from .files import DocumentReadError, read_file

__all__ = ["DocumentReadError", "read_file", "read_text"]
