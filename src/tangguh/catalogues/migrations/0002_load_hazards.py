"""Load the shipped hazard catalogue, so every installation has it from the start."""

from django.db import migrations


def load(apps, schema_editor):
    from tangguh.catalogues.loading import sync_hazards
    from tangguh.core.importing.upsert import NONE

    # Without a change record: migrations run before any user exists, and the change log's own
    # table may not be there yet. `tangguh load-hazards` records every later load once.
    sync_hazards(apps.get_model("catalogues", "HazardType"), audit_mode=NONE)


class Migration(migrations.Migration):
    dependencies = [("catalogues", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
