-- Coffer catalog, version 39: the version a completed multipart upload made, so that a repeated
-- CompleteMultipartUpload on a versioned bucket answers with that version even after newer versions were written
-- under the key. See docs/schema.md ("V39").
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- NULL: the completion made the null version (unversioned or suspended bucket), or it was recorded before V39.
ALTER TABLE completed_upload
    ADD COLUMN version_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL;
