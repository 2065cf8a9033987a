"""The planning spreadsheets read back with the import kit: proposals from the template, and the
decisions workbook the agencies filled."""

from tangguh.planning.importers.decisions import import_decisions
from tangguh.planning.importers.proposal_rows import PROPOSAL_COLUMNS
from tangguh.planning.importers.proposals import TEMPLATE_COLUMNS, import_proposals

__all__ = ["PROPOSAL_COLUMNS", "TEMPLATE_COLUMNS", "import_decisions", "import_proposals"]
