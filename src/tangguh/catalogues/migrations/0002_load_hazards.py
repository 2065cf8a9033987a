"""Load the shipped hazard catalogue, so every installation has it from the start."""

from django.db import migrations


def load(apps, schema_editor):
    from tangguh.catalogues.loading import sync_hazards

    sync_hazards(apps.get_model("catalogues", "HazardType"))


class Migration(migrations.Migration):
    dependencies = [("catalogues", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
