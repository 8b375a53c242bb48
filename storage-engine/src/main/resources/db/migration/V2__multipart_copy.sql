-- Coffer catalog, version 2: multipart uploads, multipart object manifests, shared blobs (CopyObject).
-- See docs/schema.md. Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- A multipart object has no blob of its own: its blob columns are NULL, part_count > 0, and its parts are
-- listed in object_part. A single-blob object keeps part_count = 0.
-- Blobs may now be shared (CopyObject points the new row at the source's blobs), so every blob_id column is
-- indexed: the GC frees a queued blob only when no row of object, object_part or upload_part names it.
ALTER TABLE object
    MODIFY blob_id     CHAR(32)       CHARACTER SET ascii COLLATE ascii_bin NULL,
    MODIFY blob_md5    BINARY(16)     NULL,
    MODIFY key_version INT            NULL,
    MODIFY wrapped_key VARBINARY(512) NULL,
    ADD COLUMN part_count INT NOT NULL DEFAULT 0,
    ADD KEY ix_object_blob (blob_id);

-- The manifest of a completed multipart object: part_number is the part's position 1..N in the object (the
-- numbers the client uploaded under are not kept), start_offset its first plaintext byte in the object.
CREATE TABLE object_part (
    bucket_id     BIGINT          NOT NULL,
    object_key    VARBINARY(1024) NOT NULL,
    part_number   INT             NOT NULL,
    size          BIGINT          NOT NULL,
    start_offset  BIGINT          NOT NULL,
    blob_id       CHAR(32)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    blob_md5      BINARY(16)      NOT NULL,
    key_version   INT             NOT NULL,
    wrapped_key   VARBINARY(512)  NOT NULL,
    PRIMARY KEY (bucket_id, object_key, part_number),
    KEY ix_object_part_blob (blob_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An open multipart upload, with the headers the object will get. RESTRICT: a bucket with open uploads
-- cannot lose its row unless the uploads are removed in the same transaction.
CREATE TABLE upload (
    upload_id           VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bucket_id           BIGINT          NOT NULL,
    object_key          VARBINARY(1024) NOT NULL,
    initiated           DATETIME(3)     NOT NULL,
    content_type        TEXT            NULL,
    content_disposition TEXT            NULL,
    content_encoding    TEXT            NULL,
    content_language    TEXT            NULL,
    cache_control       TEXT            NULL,
    expires             TEXT            NULL,
    user_metadata       TEXT            CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (upload_id),
    KEY ix_upload_key (bucket_id, object_key, upload_id),
    CONSTRAINT fk_upload_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The parts uploaded so far. The foreign key makes a part insert wait for (and then fail after) a concurrent
-- Complete or Abort that removes the upload.
CREATE TABLE upload_part (
    upload_id     VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    part_number   INT             NOT NULL,
    size          BIGINT          NOT NULL,
    last_modified DATETIME(3)     NOT NULL,
    blob_id       CHAR(32)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    blob_md5      BINARY(16)      NOT NULL,
    key_version   INT             NOT NULL,
    wrapped_key   VARBINARY(512)  NOT NULL,
    PRIMARY KEY (upload_id, part_number),
    KEY ix_upload_part_blob (blob_id),
    CONSTRAINT fk_upload_part_upload FOREIGN KEY (upload_id) REFERENCES upload (upload_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
