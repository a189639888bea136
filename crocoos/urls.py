from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_audit, views_gdpr, views_two_factor
from .forms import EmailAuthenticationForm

account_patterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", views_two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views_two_factor.two_factor_setup, name="two_factor_setup"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("language/", views.set_language, name="set_language"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("audit/access-report/", views_audit.access_report, name="audit_access_report"),
    path("audit/<str:object_type>/<str:object_id>/", views_audit.object_trail, name="audit_trail"),
    path("right-of-access/<int:student_id>/", views_gdpr.right_of_access_export, name="right_of_access_export"),
    path("privacy/record-of-processing/", views_gdpr.processing_record, name="processing_record"),
    path("", include("cases.urls")),
    path("", include("directory.urls")),
    path("admin/", admin.site.urls),
]
