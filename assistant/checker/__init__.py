"""The rules checker: this report type's outline, numbering, GB/T 15834/15835 language and consistency.

``check_report`` is what export calls before writing a .docx (any ``error`` finding blocks it);
``check_file``/``check_folder`` are what the CLI and a finance bureau reviewer use on reports written
elsewhere; ``apply_fixes`` makes the mechanical fixes only.
"""

from assistant.checker.choose import choose_profile
from assistant.checker.engine import check_report, check_with_profile
from assistant.checker.files import check_file, check_folder, report_files
from assistant.checker.fixes import apply_fixes, fix_docx
from assistant.checker.model import Change, FileCheck, Finding
from assistant.checker.rules import Rule, lexicon, rules

__all__ = [
    "Change",
    "FileCheck",
    "Finding",
    "Rule",
    "apply_fixes",
    "check_file",
    "check_folder",
    "check_report",
    "check_with_profile",
    "choose_profile",
    "fix_docx",
    "lexicon",
    "report_files",
    "rules",
]
