"""Account, agency and member pages."""

from django.urls import path

from tangguh.accounts import views
from tangguh.accounts.record_pages import AGENCY

app_name = "accounts"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", AGENCY.add_view(), name="agency-add"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", AGENCY.edit_view(), name="agency-edit"),
    path("agencies/<int:pk>/delete/", AGENCY.delete_view(), name="agency-delete"),
    path("members/", views.member_list, name="member-list"),
    path("members/new/", views.member_add, name="member-add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("account/", views.profile, name="profile"),
    path("sign-in-attempts/", views.sign_in_attempts, name="sign-in-attempts"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
]
