-- Coffer catalog, version 8: SSE-KMS with the built-in key manager, and bucket default encryption.
-- See docs/schema.md and docs/storage-format.md. Never edit a migration once it has shipped: add a new one.

-- sse_kms_key_id: NULL for SSE-S3 (AES256; every row written before this version) or SSE-C (which the blobs
-- record); otherwise the KMS key id (or ARN, as the client wrote it) whose key wraps the row's wrapped data keys
-- once more (object_part and upload_part rows of the object or upload included). sse_bucket_key is only echoed.
ALTER TABLE object
    ADD COLUMN sse_kms_key_id VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN sse_bucket_key BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE upload
    ADD COLUMN sse_kms_key_id VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN sse_bucket_key BOOLEAN NOT NULL DEFAULT FALSE;

-- A bucket's default encryption (PutBucketEncryption): 'AES256' or 'aws:kms'; kms_key_id NULL with 'aws:kms'
-- means the account's default key. No row: no configuration (objects still get AES256).
CREATE TABLE bucket_encryption (
    bucket_id          BIGINT        NOT NULL,
    sse_algorithm      VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kms_key_id         VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NULL,
    bucket_key_enabled BOOLEAN       NOT NULL DEFAULT FALSE,
    PRIMARY KEY (bucket_id),
    CONSTRAINT fk_bucket_encryption_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id) ON DELETE CASCADE,
    CONSTRAINT ck_bucket_encryption_algorithm CHECK (sse_algorithm IN ('AES256', 'aws:kms'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
