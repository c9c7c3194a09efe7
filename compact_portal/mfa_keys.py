"""The development key for authenticator secrets, made from SECRET_KEY. Kept apart from
compact_portal/mfa.py so that settings can use it before Django is set up."""

import base64
import hashlib


def derived_key(secret: str) -> str:
    """A Fernet key made from another secret (development only)."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"mfa-encryption:{secret}".encode()).digest()).decode()
