"""The demo: IKD of the 22 regencies over two years, Destana of the Fatuleu villages and the
villages the news named, Kota Kupang's city resilience; labelled demo, idempotent."""

from __future__ import annotations

import time

from tangguh.resilience.demo import load_demo, news_villages
from tangguh.resilience.models import Assessment, Status


def test_the_demo_loads_once(db) -> None:
    started = time.monotonic()
    created = load_demo()
    elapsed = time.monotonic() - started
    ikd = Assessment.objects.filter(instrument__code="ikd-2016")
    assert ikd.filter(year=2025).count() == 22
    assert ikd.filter(year=2026).count() == 22
    assert set(ikd.filter(year=2025).values_list("status", flat=True)) == {Status.FINAL}
    destana = Assessment.objects.filter(instrument__code="destana-2012")
    assert set(news_villages()) <= set(destana.values_list("region_id", flat=True))
    assert destana.filter(region__parent__name="Fatuleu Barat").count() == 5
    city = Assessment.objects.get(instrument__code="kota-tangguh-2026", region_id="53.71")
    assert city.answers.get(question__key="L1.1").number == 50
    assert created == Assessment.objects.count()
    assert set(Assessment.objects.values_list("source", flat=True)) == {"demo"}
    assert all(a.score is not None and a.klass for a in ikd)
    assert load_demo() == 0
    print(f"demo: {created} assessments in {elapsed:.1f} s")
