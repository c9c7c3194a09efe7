"""Asking for a page in another format or language: public, no sign-in needed."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import format_requests
from .format_request_forms import AccessibleFormatRequestForm
from .models import Compact

# A field people never see or fill in; a bot filling in every field is answered as if its
# request had been sent, and nothing is kept.
HONEYPOT = "website"
TOO_MANY = (
    "You have sent several requests in the last hour. Try again in an hour, or ask the Compact board "
    "by email or phone instead."
)


@require_http_methods(["GET", "POST"])
def accessible_format_request(request):
    """The request form; ?page= names the page asked about (every page links here with its own)."""
    page = request.GET.get("page", "")
    status = 200
    if request.method == "POST":
        form = AccessibleFormatRequestForm(request.POST, page=page)
        if request.POST.get(HONEYPOT):
            return redirect("accessible_format_requested")
        key = format_requests.client_key(format_requests.client_address(request))
        if format_requests.too_many_from(key):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            compact = form.cleaned_data["compact"]
            format_requests.submit_request(compact=compact, client_key=key, **form.request_fields())
            return redirect(reverse("accessible_format_requested") + f"?compact={compact.slug}")
    else:
        form = AccessibleFormatRequestForm(page=page)
    return render(request, "undertakings/format_request.html", {"form": form, "honeypot": HONEYPOT}, status=status)


def accessible_format_requested(request):
    """What happens next, after a request is sent."""
    compact = Compact.objects.filter(slug=request.GET.get("compact", "")).first()
    if compact is None:
        compact = Compact.objects.order_by("id").first()
    if compact is None:
        raise Http404
    return render(
        request,
        "undertakings/format_requested.html",
        {"compact": compact, "answer_days": compact.rules.accessible_format_answer_days},
    )
