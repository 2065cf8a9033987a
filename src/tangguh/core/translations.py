"""Django's own messages whose Indonesian translation tangguh corrects (this project's catalogue
is read before Django's, LOCALE_PATHS). `makemessages` finds them here.

- Django's Indonesian catalogue renders the duplicate message of several fields ("… with this
  Government and Code already exists.") as "… tidak ada" ("does not exist"): tangguh's
  catalogue says "sudah ada".
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

CORRECTED = (
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
)
