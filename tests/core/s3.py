"""An S3-protocol server on loopback (moto's server mode), started by the tests."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import boto3
from moto.server import ThreadedMotoServer

from tests.conftest import free_port

CREDENTIALS = {"access_key": "test-access", "secret_key": "test-secret", "region_name": "eu-west-3"}


@contextlib.contextmanager
def s3_server() -> Iterator[dict]:
    """Yields the S3Storage options of a fresh bucket on a server of its own (moto keeps
    its buckets per process, hence a new name each time)."""
    bucket = f"sejour-{uuid.uuid4().hex[:12]}"
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
            region_name=CREDENTIALS["region_name"],
        ).create_bucket(
            Bucket=bucket,
            CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]},
        )
        yield {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "default_acl": "private",
            "file_overwrite": False,
            **CREDENTIALS,
        }
    finally:
        server.stop()
