"""Two-factor authentication in Wagtail's login flow, with django-otp: a TOTP app plus recovery codes.

After the password, a person who has a confirmed device is asked for a code before any other
admin page opens; with VSS_2FA_REQUIRED on, approvers, centre leadership and whoever manages
channel destinations must first set one up. Anyone with admin access may set one up anyway.
"""

import base64
from urllib.parse import quote

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
# Pages a person part-way through logging in may open.
OPEN_URL_NAMES = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog",
                  "wagtailadmin_sprite", "cms_2fa_verify", "cms_2fa_setup"}
APPROVING_ROLES = {"approver", "leadership"}
# Django's own admin (/django-admin/, where superusers unlock logins) logs in with a password
# alone, so its pages ask for the same second step as Wagtail's.
OPEN_URL_NAMES |= {"admin:login", "admin:logout", "admin:jsi18n"}


def _protected_prefixes():
    prefixes = [reverse("wagtailadmin_home")]
    try:
        prefixes.append(reverse("admin:index"))
    except NoReverseMatch:  # Django's admin not mounted
        pass
    return tuple(prefixes)


def two_factor_required(user):
    """Must ``user`` have a second factor (with VSS_2FA_REQUIRED on)?"""
    if not settings.VSS_2FA_REQUIRED:
        return False
    profile = getattr(user, "staff_profile", None)
    return (user.is_superuser or (profile is not None and profile.role in APPROVING_ROLES)
            or user.has_perm("publishing.change_destination"))


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), then the admin asks for the code."""

    def __call__(self, request):
        self._install_lazy_accessors(request)
        return self._check(request) or self.get_response(request)

    def _check(self, request):
        user = request.user
        if not user.is_authenticated or not request.path_info.startswith(_protected_prefixes()):
            return None
        try:
            match = resolve(request.path_info)
        except Exception:  # an unknown admin URL: its own 404 follows
            return None
        if match.view_name in OPEN_URL_NAMES:
            return None
        has_device = django_otp.user_has_device(user, confirmed=True)
        if has_device and not user.is_verified():
            return redirect(f"{reverse('cms_2fa_verify')}?{REDIRECT_FIELD_NAME}={quote(request.get_full_path())}")
        if not has_device and two_factor_required(user):
            return redirect(f"{reverse('cms_2fa_setup')}?{REDIRECT_FIELD_NAME}={quote(request.get_full_path())}")
        return None


class TokenForm(forms.Form):
    otp_token = forms.CharField(label=_("Code"), max_length=16, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _next_url(request):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@sensitive_post_parameters("otp_token")
def verify(request):
    """The second step of logging in: a code from the app, or one recovery code."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["otp_token"].replace(" ", ""))
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("otp_token", _("This code is wrong or has already been used."))
    return render(request, "cms/two_factor/verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("otp_token")
def setup(request):
    """Add an authenticator app: scan the code, type one code to confirm, keep the recovery codes."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    user = request.user
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse('cms_2fa_verify')}?{REDIRECT_FIELD_NAME}={quote(request.get_full_path())}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_issue(user)
            django_otp.login(request, device)
            return render(request, "cms/two_factor/recovery.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("otp_token", _("This code is wrong: check the time on your phone and type the newest code."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(request, "cms/two_factor/setup.html", {
        "form": form, "qr": qr, "key": _base32(device), "next": _next_url(request),
        "required": two_factor_required(user)})


def _base32(device):
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _recovery_codes_issue(user):
    """Fresh one-time recovery codes; the old ones stop working."""
    static, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def admin_urls():
    return [
        path("2fa/verify/", verify, name="cms_2fa_verify"),
        path("2fa/setup/", setup, name="cms_2fa_setup"),
    ]
