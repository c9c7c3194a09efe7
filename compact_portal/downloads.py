"""Serving a stored file (an attachment, an annual review PDF) after a view has checked that the
person may have it.

From a folder the file is streamed. From an object store the answer is a redirect to a signed
address that lasts `MEDIA_SIGNED_URL_SECONDS` (a minute by default): the web server does not carry
the bytes, and the address is useless to anyone who finds it later. `MEDIA_SIGNED_URLS=0`
streams from the object store too, for stores that browsers cannot reach."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header

NOT_KEPT = "private, no-store"


def signs_urls(storage) -> bool:
    """Whether this storage hands out signed, expiring addresses (django-storages' S3 does)."""
    return bool(getattr(storage, "querystring_auth", False)) and settings.MEDIA_SIGNED_URLS


def serve(field_file, *, filename: str, content_type: str, as_attachment: bool = True):
    """The response for one stored file; 404 if it has gone from the store."""
    if not field_file:
        raise Http404
    storage = field_file.storage
    disposition = content_disposition_header(as_attachment, filename)
    if signs_urls(storage):
        url = storage.url(
            field_file.name,
            expire=settings.MEDIA_SIGNED_URL_SECONDS,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": NOT_KEPT,
            },
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["Cache-Control"] = NOT_KEPT
    return response
