"""Pages for signing in, one's own account, agencies and memberships."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.accounts import services
from tangguh.accounts.filters import AgencyFilter, MembershipFilter
from tangguh.accounts.forms import MembershipForm, ThrottledLoginForm
from tangguh.accounts.models import Agency, ApiToken, Membership, User
from tangguh.core import throttle
from tangguh.core.crud import record_for
from tangguh.core.middleware import never_compressed
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope


class LoginView(auth_views.LoginView):
    """Sign in, with throttling of repeated failures."""

    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (audited, like every write)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        # The form checked the old password and the rules; the service writes and logs it.
        user = cast(User, self.request.user)
        services.set_password(user, form.cleaned_data["new_password1"], actor=user)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.get_success_url())


@never_compressed
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's memberships and API token."""
    user: User = request.user  # type: ignore[assignment]
    token = None
    if request.method == "POST":
        token = services.issue_token(user, actor=user, rotate=True)
        messages.success(request, _("A new API token was created. Copy it now: it is shown once."))
    context = {
        "memberships": user.memberships.select_related("region"),
        "has_token": ApiToken.objects.filter(user=user).exists() if token is None else True,
        "new_token": token,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    """Agencies of the regions the user may see."""
    queryset = Agency.objects.restrict(request.user, "view").select_related("region")
    agencies = AgencyFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, agencies.qs)
    can_add = not user_scope(request.user, "add").is_empty
    return render(
        request, "accounts/agency_list.html", {"filter": agencies, "page": page, "can_add": can_add}
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One agency, with its staff and history."""
    agency = record_for(request, Agency.objects.select_related("region"), pk, "view")
    can_change = user_scope(request.user, "change").covers(agency.region_id)
    staff = agency.staff.filter(is_active=True).order_by("username")
    return render(
        request,
        "accounts/agency_detail.html",
        {"agency": agency, "can_change": can_change, "staff": staff},
    )


def _require_manager(request: HttpRequest) -> None:
    if user_scope(request.user, "manage").is_empty:
        raise PermissionDenied(_("Only managers may manage members."))


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """Memberships in the regions the user manages, and a form to add one."""
    _require_manager(request)
    queryset = Membership.objects.restrict(request.user, "manage").select_related("user", "region")
    members = MembershipFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, members.qs)
    form = MembershipForm(actor=request.user)  # type: ignore[arg-type]
    return render(
        request, "accounts/member_list.html", {"filter": members, "page": page, "form": form}
    )


@login_required
def member_add(request: HttpRequest) -> HttpResponse:
    """Give a user a role in a region, creating the user when needed."""
    _require_manager(request)
    form = MembershipForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.add_member(
                actor=request.user,
                user=data["username"],
                region=data["region"],
                role=data["role"],
                email=data["email"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s in %(region)s.")
                % {
                    "user": membership.user.username,
                    "role": data["role"],
                    "region": data["region"],
                },
            )
            return redirect("accounts:member-list")
    return render(request, "accounts/member_form.html", {"form": form})


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a membership away."""
    membership = record_for(
        request, Membership.objects.select_related("user", "region"), pk, "manage"
    )
    services.remove_membership(membership, actor=request.user)
    messages.success(request, _("Membership removed: %(m)s") % {"m": membership})
    return redirect("accounts:member-list")


@login_required
def sign_in_attempts(request: HttpRequest) -> HttpResponse:
    """Administrators: the accounts that failed to sign in lately, from which address, how
    often and how long they still wait; "Clear" lets a pair (or an account everywhere) sign in
    at once."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only an administrator may see sign-in attempts."))
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = request.POST.get("address", "")[:45] or None
        everywhere = request.POST.get("everywhere") == "1"
        cleared = services.clear_sign_in_wait(
            username, address, actor=request.user, everywhere=everywhere
        )
        messages.success(
            request,
            _("%(count)d failed sign-ins of %(user)s forgotten.")
            % {"count": cleared, "user": username},
        )
        return redirect("accounts:sign-in-attempts")
    context = {"pairs": throttle.recent_pairs(), "limit": settings.LOGIN_FAILURE_LIMIT}
    return render(request, "accounts/sign_in_attempts.html", context)
