"""BNPB's Indonesian disaster risk index (IRBI): its score scale and its class bounds.

IRBI (Indeks Risiko Bencana Indonesia, BNPB, yearly since 2013) gives every regency/city and
province a risk *score* built from hazard, vulnerability and capacity (Perka BNPB 2/2012, in the
"R/C" formulation), for each hazard and for all hazards together (multi-hazard), with a class
rendah / sedang / tinggi. The score is not on 0–1: regency multi-hazard scores run from 44.80
(Mamberamo Tengah) to 216.99 (Halmahera Selatan) in IRBI 2022, and a flood score of a regency
from about 1.3 up. A KRB (kajian risiko bencana) gives indices on 0–1 instead; those are risk
profiles, not IRBI scores.

What the published material fixes, and how sure it is ([V] seen in BNPB's own publication, [S]
a secondary source quoting BNPB, [U] not found, [tangguh] a choice of this application):

* multi-hazard: a score above 144 is "tinggi" [S: databoks.katadata.co.id, IRBI 2024 provinces —
  Bengkulu 144.08 tinggi, Kepulauan Bangka Belitung 143.42 sedang; consistent with IRBI 2022,
  inarisk.bnpb.go.id/IRBI-2022 p.7, 192 of 514 regencies tinggi];
* multi-hazard: 44.80 is "sedang" [V: IRBI 2022 p.7, Mamberamo Tengah "berada pada kelas
  sedang"], so every score from 44.80 to 144 is "sedang"; the rendah/sedang cut-off itself was
  not found [U], and a lower score gets no class unless the file gives one;
* one hazard: rendah 1.33–5.32, sedang 5.33–11.99, tinggi from 12 [S: dataloka.id 2024, BNPB's
  flood index (IRB banjir) of 397 regencies]; the same bounds are assumed for the other hazards
  [U], so a class given by the file always wins;
* no regency score comes near 400: a larger number is refused as not an IRBI score [tangguh].
"""

from __future__ import annotations

from decimal import Decimal

from tangguh.measures.risk import Level

VERSION = "irbi-classes/2026.1"
MULTI_HAZARD_HIGH_ABOVE = Decimal("144")
MULTI_HAZARD_LOWEST_MEDIUM = Decimal("44.80")
ONE_HAZARD_MEDIUM_FROM = Decimal("5.33")
ONE_HAZARD_HIGH_FROM = Decimal("12")
MAX_SCORE = Decimal("400")
EVIDENCE = {
    "multi_hazard_high_above": "[S] databoks.katadata.co.id (IRBI 2024, provinces); "
    "[V] consistent with inarisk.bnpb.go.id/IRBI-2022 p.7",
    "multi_hazard_lowest_medium": "[V] inarisk.bnpb.go.id/IRBI-2022 p.7 (Mamberamo Tengah 44.80, "
    "sedang); the rendah/sedang cut-off was not found [U]",
    "one_hazard_bounds": "[S] dataloka.id 2024 (BNPB IRB banjir: rendah 1.33–5.32, sedang "
    "5.33–11.99, tinggi from 12); assumed for other hazards [U]",
    "max_score": "[tangguh] well above the highest published regency score (216.99, IRBI 2022)",
}


def irbi_class(score: Decimal, multi_hazard: bool) -> Level | None:
    """The class of an IRBI score by the published bounds; None where they do not decide it
    (a multi-hazard score below 44.80)."""
    if multi_hazard:
        if score > MULTI_HAZARD_HIGH_ABOVE:
            return "high"
        if score >= MULTI_HAZARD_LOWEST_MEDIUM:
            return "medium"
        return None
    if score >= ONE_HAZARD_HIGH_FROM:
        return "high"
    if score >= ONE_HAZARD_MEDIUM_FROM:
        return "medium"
    return "low"


def is_plausible(score: Decimal) -> bool:
    """True for a number that can be an IRBI score (0 to MAX_SCORE)."""
    return score.is_finite() and Decimal(0) <= score <= MAX_SCORE
