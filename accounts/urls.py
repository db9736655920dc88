from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.debug import sensitive_variables

from . import forms, views

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in/",
        views.SignInView.as_view(),
        name="login",
    ),
    # The second step of a sign-in (staff, and anyone who turned it on), and setting up an authenticator app.
    path("sign-in/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/", views.two_factor_settings, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/turn-off/", views.two_factor_disable, name="two_factor_disable"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-up/", views.signup, name="signup"),
    # The account's address: confirming it (the emailed link), a new link, a change.
    path("email/", views.email, name="email"),
    path("email/confirm-again/", views.resend_verification, name="resend_verification"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
    # Password reset: the request page answers the same whether or not the address has an account.
    path(
        "password-reset/",
        views.ResetRequestView.as_view(
            form_class=forms.ResetRequestForm,
            template_name="accounts/password_reset_form.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        # Django hides the posted passwords from error reports; this hides the local variables below the view too.
        sensitive_variables()(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=forms.ResetPasswordForm,
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "password/",
        sensitive_variables()(
            auth_views.PasswordChangeView.as_view(
                form_class=forms.ChangePasswordForm,
                template_name="accounts/password_change_form.html",
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
