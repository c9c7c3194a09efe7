"""Authenticator secrets encrypted at rest.

allauth keeps each TOTP secret and the recovery codes' seed in the database; its MFA adapter's
`encrypt` and `decrypt` are the hooks for not keeping them in the clear. They are encrypted
with Fernet (the `cryptography` package, which allauth already needs) under
`MFA_ENCRYPTION_KEY` from the environment (required in production; in development a key
derived from SECRET_KEY, compact_portal/mfa_keys.py). A value without the prefix was stored
before encryption and is read as it is; it is encrypted the next time allauth writes it.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings

PREFIX = "fernet:"


def _fernet() -> Fernet:
    return Fernet(settings.MFA_ENCRYPTION_KEY)


class PortalMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _fernet().decrypt(encrypted_text[len(PREFIX) :].encode()).decode()
