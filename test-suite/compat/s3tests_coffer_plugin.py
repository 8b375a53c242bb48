"""pytest plugin for /work/shared/compat/s3tests.sh runs against Coffer.

s3tests.sh's cleanup fallback (s3h_plugin._plain_nuke) empties buckets with
DeleteObjects. While Coffer answers NotImplemented to DeleteObjects, that
fallback raises and every test errors in setup/teardown. This plugin wraps the
fallback so that a NotImplemented DeleteObjects is replaced by one DeleteObject
per key. Test bodies and assertions are untouched; once DeleteObjects works the
wrapper never triggers.

Load with: PYTHONPATH=<this dir> s3tests.sh -p s3tests_coffer_plugin
(it must come after s3h_plugin, which s3tests.sh loads first).
"""
from botocore.exceptions import ClientError

import s3h_plugin

_NOT_IMPLEMENTED = {"NotImplemented", "501"}


def _code(err):
    return str(err.response.get("Error", {}).get("Code"))


def _one_by_one_nuke(client, bucket):
    for _ in range(1000):
        keys = [o["Key"] for o in client.list_objects(Bucket=bucket, MaxKeys=1000).get("Contents", [])]
        if not keys:
            break
        for key in sorted(keys, reverse=True):
            try:
                client.delete_object(Bucket=bucket, Key=key)
            except ClientError:
                pass
    client.delete_bucket(Bucket=bucket)


_original_plain_nuke = s3h_plugin._plain_nuke


def _plain_nuke(client, bucket):
    try:
        return _original_plain_nuke(client, bucket)
    except ClientError as err:
        if _code(err) not in _NOT_IMPLEMENTED:
            raise
    _one_by_one_nuke(client, bucket)


s3h_plugin._plain_nuke = _plain_nuke
