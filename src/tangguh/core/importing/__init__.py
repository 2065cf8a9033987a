"""The import kit every importer uses: read a file (`files`), find and map its header
(`columns`), read each row's cells as typed values (`rows`, `cells`), resolve regions
(`regions`), write rows with the change log (`upsert`), report what happened (`report`), and the
import command (`commands`) and upload path (`uploads`) around them.

The rule: validate the whole input first and report every problem (file, sheet, row, column, in
the user's language); then write everything in one transaction, or nothing.
"""

from tangguh.core.importing.files import MAX_UNPACKED_BYTES, read_bytes, read_text
from tangguh.core.importing.problems import ImportFailed, Problem, Problems
from tangguh.core.importing.report import ImportReport

__all__ = [
    "MAX_UNPACKED_BYTES",
    "ImportFailed",
    "ImportReport",
    "Problem",
    "Problems",
    "read_bytes",
    "read_text",
]
