"""Install the shipped instruments (IKD 2016, Destana 2012, the village index, the empty Perban
7/2025 slot, city resilience) from resilience/data/instruments, so every installation has them."""

from django.db import migrations

MODELS = ("Instrument", "Section", "Indicator", "Question", "ScoreClass")


def install(apps, schema_editor):
    from tangguh.resilience.instruments import install_shipped

    # Without a change record, as the hazard catalogue (catalogues.0002): no user exists yet.
    install_shipped({name: apps.get_model("resilience", name) for name in MODELS})


class Migration(migrations.Migration):
    dependencies = [("resilience", "0001_initial"), ("catalogues", "0002_load_hazards")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
