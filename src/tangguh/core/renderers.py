"""Django's form renderer, with select boxes built in Python.

Django renders every `<option>` of a select box through two template includes; a filter form
with the agencies of a province and the hazard tags spent 10 ms per page on its options. This
renderer writes the same markup (Django's `select.html`, `select_option.html` and `attrs.html`,
escaped the same way) directly, and leaves every other template, and any select whose options
use another template, to Django.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def select_html(widget: dict[str, Any]) -> str | None:
    """The markup of a select widget's context, or None when an option has its own template."""
    lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            lines.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return "".join(lines)


class FastSelectRenderer(DjangoTemplates):
    """The default renderer, with select boxes written without a template per option."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT:
            html = select_html(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every part is escaped above
        return super().render(template_name, context, request=request)
