"""A real S3-compatible store for tests: moto's server on a free loopback port (or the one
`.ci/run` started, named by AWS_S3_ENDPOINT_URL), and a fresh bucket for each test that asks.
The portal talks to it through django-storages exactly as it would to a production store."""

import os
import socket
import uuid

import pytest

KEYS = {
    "AWS_ACCESS_KEY_ID": "portal-tests",
    "AWS_SECRET_ACCESS_KEY": "portal-tests-secret",
    "AWS_DEFAULT_REGION": "eu-west-2",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def object_store_endpoint():
    given = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    if given:
        yield given
        return
    server_module = pytest.importorskip("moto.server", reason="moto[server] is a test dependency (bin/setup --test)")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    yield f"http://127.0.0.1:{server._port}"
    server.stop()


def storage_options(endpoint: str, bucket: str) -> dict:
    """What settings.py builds from AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": KEYS["AWS_DEFAULT_REGION"],
        "access_key": KEYS["AWS_ACCESS_KEY_ID"],
        "secret_key": KEYS["AWS_SECRET_ACCESS_KEY"],
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
    }


def create_bucket(endpoint: str, bucket: str) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=KEYS["AWS_DEFAULT_REGION"],
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": KEYS["AWS_DEFAULT_REGION"]})


@pytest.fixture
def object_store(settings, monkeypatch, object_store_endpoint):
    """Uploads and PDFs go to a new bucket on the S3-compatible server for this test."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    create_bucket(object_store_endpoint, bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": storage_options(object_store_endpoint, bucket),
        },
    }
    settings.MEDIA_SIGNED_URLS = True
    return {"endpoint": object_store_endpoint, "bucket": bucket}
