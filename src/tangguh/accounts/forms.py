"""Forms for signing in, agencies and memberships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tangguh.core import throttle
from tangguh.core.scope import Role, user_scope
from tangguh.regions.models import Level, Region, UnknownRegion, find_region

from .models import Agency, User


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in that makes one account wait before trying again from one address after repeated
    failures there (core.throttle): never a lock from everywhere."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed sign-ins for this account from this device. Wait %(seconds)d "
            "seconds and try again, or ask your administrator."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        request: HttpRequest | None = self.request
        address = throttle.client_address(request) if request is not None else None
        wait = throttle.wait_seconds(username, address) if username else 0
        if wait:
            # Refused before the password is checked: a try during the wait guesses nothing.
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"seconds": wait}
            )
        if username and password:
            self.user_cache = authenticate(request, username=username, password=password)
            if self.user_cache is None:
                throttle.record_failure(username, address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            throttle.clear_failures(username, address)
        return self.cleaned_data


class RegionCodeField(forms.CharField):
    """A region code typed by the user (dots optional), cleaned to a Region."""

    def __init__(self, *args: Any, max_level: int = Level.VILLAGE, **kwargs: Any) -> None:
        self.max_level = max_level
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Region | None:
        """The region the code names; None for an empty field that is not required."""
        text = super().clean(value)
        if not text and not self.required:
            return None
        try:
            region = find_region(text)
        except UnknownRegion as exc:
            raise forms.ValidationError(str(exc)) from exc
        if region.level > self.max_level:
            raise forms.ValidationError(
                _("Choose a region at the level of %(level)s or above.")
                % {"level": Level(self.max_level).label}
            )
        return region


class AgencyForm(forms.ModelForm):
    """Create or edit an agency."""

    region = RegionCodeField(
        label=_("Government (region code)"),
        max_level=Level.REGENCY,
        help_text=_("The province or regency/city the agency belongs to, e.g. 53.01."),
    )
    bidang_codes = forms.CharField(
        label=_("Fields of government affairs (bidang urusan)"),
        required=False,
        help_text=_("Codes separated by commas, e.g. 1.05, 1.06"),
    )

    class Meta:
        model = Agency
        fields = [
            "region",
            "code",
            "name",
            "short_name",
            "bidang_codes",
            "valid_from",
            "valid_until",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            self.initial["bidang_codes"] = ", ".join(self.instance.bidang_codes or [])

    def clean_bidang_codes(self) -> list[str]:
        raw = self.cleaned_data.get("bidang_codes") or ""
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


class MembershipForm(forms.Form):
    """Give a user (existing or new) a role in a region."""

    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail (for a new user)"), required=False)
    region = RegionCodeField(label=_("Region code"), help_text=_("e.g. 53.01 or 53.01.27.2005"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_region(self) -> Region:
        region: Region = self.cleaned_data["region"]
        if not user_scope(self.actor, "manage").covers(region.code):
            raise forms.ValidationError(
                _("You do not manage region %(code)s.") % {"code": region.code}
            )
        return region


class TokenForm(forms.Form):
    """Ask for a new API token."""

    rotate = forms.BooleanField(widget=forms.HiddenInput, required=False, initial=True)
