"""The file storages the tests run against: in memory (the default), a folder on disk, or a real S3 endpoint.

TEST_STORAGE=local or TEST_STORAGE=s3 runs every test that stores a file against that storage instead of
memory (.ci/run does so for the storage tests). The S3 endpoint is moto's standalone server on a loopback
port, started once per test run; each test gets a bucket of its own, so no test sees another's files.
"""

import os
import uuid

from portal.settings import env_storage

REGION = "us-east-1"
_server = None


def s3_endpoint():
    """The address of the loopback S3 server, started on first use and kept for the whole run."""
    global _server
    if _server is None:
        from moto.server import ThreadedMotoServer

        _server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        _server.start()
    host, port = _server.get_host_and_port()
    return f"http://{host}:{port}"


def s3_client():
    import boto3

    return boto3.client(
        "s3", endpoint_url=s3_endpoint(), region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )


def s3_storage(monkeypatch, prefix="private"):
    """STORAGES["default"] for a fresh bucket, built by the site's own STORAGE_URL parsing; and the bucket's name."""
    bucket = f"ot-portal-test-{uuid.uuid4().hex[:16]}"
    s3_client().create_bucket(Bucket=bucket)
    for name, value in {
        "STORAGE_URL": f"s3://{bucket}/{prefix}",
        "AWS_S3_ENDPOINT_URL": s3_endpoint(),
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }.items():
        monkeypatch.setenv(name, value)
    return env_storage("STORAGE_URL"), bucket


def local_storage(monkeypatch, folder):
    monkeypatch.setenv("STORAGE_URL", f"file://{folder}")
    return env_storage("STORAGE_URL")


def storage_for_tests(monkeypatch, tmp_path_factory):
    """The default storage TEST_STORAGE asks for (memory unless told)."""
    kind = os.environ.get("TEST_STORAGE", "memory")
    if kind == "s3":
        return s3_storage(monkeypatch)[0]
    if kind == "local":
        return local_storage(monkeypatch, tmp_path_factory.mktemp("media"))
    if kind == "memory":
        return {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    raise ValueError(f"TEST_STORAGE must be memory, local or s3, not {kind!r}")
