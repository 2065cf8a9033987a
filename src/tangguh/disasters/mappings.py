"""Column mappings of event tables of unknown layouts, remembered by the header's signature
for the person who made them (or the system, for imports without an acting person)."""

from __future__ import annotations

from typing import Any

from tangguh.disasters.models import ColumnMapping


def _owner(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def remembered(unplaced: dict[str, object], actor: Any) -> dict[str, str] | None:
    """The mapping remembered for the header described in `unplaced` (None when none)."""
    signature = str(unplaced.get("signature") or "")
    if not signature:
        return None
    found = ColumnMapping.objects.filter(signature=signature, owner=_owner(actor)).first()
    return dict(found.mapping) if found is not None and found.mapping else None


def remember(signature: str, mapping: dict[str, str], actor: Any) -> None:
    """Keep a mapping that imported a file, for the next file with the same header."""
    if signature:
        ColumnMapping.objects.update_or_create(
            signature=signature, owner=_owner(actor), defaults={"mapping": dict(mapping)}
        )
