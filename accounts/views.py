from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from . import tasks, throttle, two_factor, verification
from .forms import EMAIL_UNAVAILABLE, CodeForm, EmailChangeForm, PasswordCheckForm, SignInForm, SignUpForm


def allowed_next(request):
    """The `next` address from the form or query string when it stays on this site, else ""."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def safe_next(request, default):
    """The `next` address when it stays on this site (see allowed_next), else `default`."""
    return allowed_next(request) or resolve_url(default)


@sensitive_post_parameters("password1", "password2")
@sensitive_variables()
@csrf_protect
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    next_url = allowed_next(request)
    address = throttle.client_address(request)
    if request.method == "POST" and throttle.FAILED_SIGN_UPS_PER_ADDRESS.blocked(address):
        # Not validated: "this address is taken" would tell a prober what the lock-out is there to hide.
        form = SignUpForm(initial={name: request.POST.get(name, "")[:254] for name in ("full_name", "email")})
        lockout = throttle.lockout_message(throttle.FAILED_SIGN_UPS_PER_ADDRESS.minutes_left(address))
        return render(request, "accounts/signup.html", {"form": form, "next": next_url, "lockout": lockout}, status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Two sign-ups with one address at the same instant: the database
            # constraint decides, and the loser sees the usual message.
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            form.add_error("email", ValidationError(EMAIL_UNAVAILABLE, code="email_unavailable"))
        else:
            verification.send_confirmation(user)
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                f"Welcome, {user.get_short_name()}. We emailed a link to {user.email}: open it to confirm the address, "
                "and you can apply to openings. Meanwhile, fill in your profile.",
            )
            return redirect(safe_next(request, settings.SIGNUP_REDIRECT_URL))
    if request.method == "POST":
        # A refused sign-up counts (trying addresses that already have accounts is the abuse to slow down);
        # a successful one never does.
        throttle.FAILED_SIGN_UPS_PER_ADDRESS.hit(address)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _throttle_status(form):
    """429 while locked out, 503 while the counts cannot be checked, else None."""
    codes = {error.code for error in form.non_field_errors().as_data()}
    if "throttle_unavailable" in codes:
        return 503
    return 429 if "throttled" in codes else None


class SignInView(auth_views.LoginView):
    """Django's sign-in, answering 429 while an account or address is locked out."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    # Django already hides the posted password; this hides it in the traceback's local variables too.
    @method_decorator(sensitive_variables())
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        """Signed in at once, or (staff, and anyone who turned it on) first asked for the second factor."""
        user = form.get_user()
        if not two_factor.required_for(user):
            return super().form_valid(form)
        two_factor.begin(self.request, user, self.get_success_url())
        return redirect("accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_setup")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = _throttle_status(form) or response.status_code
        return response


class ResetRequestView(auth_views.PasswordResetView):
    """Django's password reset request, with the requester's address for the throttle.

    The response is the same work whatever the address: the look-up, the link
    and the email happen in the `send_password_reset` task, so neither the
    words nor the time of the answer say whether an account exists, and the
    answer never waits on mail.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        tasks.send_password_reset.enqueue(
            form.cleaned_data["email"], domain=self.request.get_host(), use_https=self.request.is_secure()
        )
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = _throttle_status(form) or response.status_code
        return response


# --- Confirming the email address ----------------------------------------------------------------------------


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    """The link from the confirmation email: a page with one button, so a mail scanner's visit confirms nothing."""
    try:
        account, email = verification.read(token)
        if request.method == "POST":
            verification.confirm(token)
            messages.success(request, f"Thank you: {email} is confirmed as your account's address.")
            return redirect("accounts:email" if request.user.is_authenticated else settings.LOGIN_URL)
    except verification.VerificationError as error:
        return render(request, "accounts/verify_email.html", {"error": error}, status=400)
    return render(request, "accounts/verify_email.html", {"email": email, "is_change": email != account.email})


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def email(request):
    """The account's address: whether it is confirmed, a new link, and a change of address (confirmed first)."""
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new_address = form.cleaned_data["email"]
        try:
            verification.send_confirmation_limited(request.user, new_address)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"We emailed a link to {new_address}. Your account uses {request.user.email} until you open it.",
            )
            return redirect("accounts:email")
    status = 429 if form.has_error(NON_FIELD_ERRORS, "throttled") else 200
    return render(request, "accounts/email.html", {"form": form}, status=status)


@require_POST
@login_required
def resend_verification(request):
    user = request.user
    if user.email_verified:
        messages.info(request, f"{user.email} is already confirmed.")
    else:
        try:
            verification.send_confirmation_limited(user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"We emailed a new link to {user.email}. The earlier ones still work too.")
    return redirect(safe_next(request, "accounts:email"))


# --- Two-factor sign-in ------------------------------------------------------------------------------------------

WRONG_CODE = "That code did not work. Type the code your app shows now, or one of your recovery codes."


def _refused_code(form, refused):
    if refused.locked_minutes:
        form.add_error(None, ValidationError(throttle.lockout_message(refused.locked_minutes), code="throttled"))
    else:
        form.add_error("code", ValidationError(WRONG_CODE, code="wrong_code"))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The sign-in's second step: a code from the authenticator app, or a recovery code."""
    user, _ = two_factor.pending(request)
    if user is None:
        messages.info(request, "Please sign in again: the sign-in took longer than ten minutes.")
        return redirect("accounts:login")
    if not user_has_device(user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            _refused_code(form, refused)
        else:
            return redirect(two_factor.complete(request, user, device))
    status = _throttle_status(form) or (400 if form.errors else 200)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "person": user}, status=status)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: staff during their first sign-in, anyone signed in to turn it on or replace it.

    During a sign-in only an account with no second factor yet may set one up:
    knowing the password alone never lets anyone add their own phone.
    """
    signed_in = request.user.is_authenticated
    user = request.user if signed_in else two_factor.pending(request)[0]
    if user is None:
        return redirect("accounts:login")
    if not signed_in and user_has_device(user):
        return redirect("accounts:two_factor_verify")
    enrolment = two_factor.enrolment(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.confirm_enrolment(request, user, form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            _refused_code(form, refused)
        else:
            if signed_in:
                otp_login(request, device)
                next_url = resolve_url("accounts:two_factor")
            else:
                next_url = two_factor.complete(request, user, device)
            context = {"codes": codes, "next_url": next_url, "first": True}
            return render(request, "accounts/two_factor_recovery_codes.html", context)
    status = _throttle_status(form) or (400 if form.errors else 200)
    context = {"form": form, "enrolment": enrolment, "signing_in": not signed_in, "person": user}
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_GET
def two_factor_settings(request):
    user = request.user
    context = {
        "has_app": user_has_device(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "disable_form": PasswordCheckForm(user=user),
    }
    return render(request, "accounts/two_factor.html", context)


@require_POST
@login_required
def two_factor_recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    if not user_has_device(request.user):
        return redirect("accounts:two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    context = {"codes": codes, "next_url": resolve_url("accounts:two_factor"), "first": False}
    return render(request, "accounts/two_factor_recovery_codes.html", context)


@sensitive_post_parameters("password")
@require_POST
@login_required
def two_factor_disable(request):
    """Candidates may turn two-factor sign-in off again, with their password; staff must keep it."""
    user = request.user
    if user.is_staff:
        messages.error(request, "Staff accounts must sign in with a second factor, so it cannot be turned off.")
        return redirect("accounts:two_factor")
    form = PasswordCheckForm(request.POST, user=user)
    if not form.is_valid():
        context = {"has_app": user_has_device(user), "codes_left": two_factor.recovery_codes_left(user)}
        context["disable_form"] = form
        return render(request, "accounts/two_factor.html", context, status=400)
    two_factor.turn_off(user)
    messages.success(request, "Two-factor sign-in is off. You now sign in with your password alone.")
    return redirect("accounts:two_factor")
