from django.db import migrations

import tangguh.core.indexes


class Migration(migrations.Migration):

    dependencies = [
        ('poverty', '0005_household_fgt_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='household',
            index=tangguh.core.indexes.CaseInsensitivePrefixIndex(field='household_id', name='household_id_prefix'),
        ),
    ]
