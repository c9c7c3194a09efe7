"""How django-allauth treats people here: after signing in, board members start at the
board's work queue and everyone else at their organisations."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from . import permissions


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if permissions.is_board_member(request.user):
            return reverse("board_dashboard")
        return super().get_login_redirect_url(request)
