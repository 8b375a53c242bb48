-- Coffer catalog, version 9: completed multipart uploads (so that a repeated CompleteMultipartUpload of an upload
-- that already completed answers as the first one did, as AWS) and per-bucket documents. See docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- One row per completion, written in the Complete transaction; rows older than the retention are purged by later
-- completions. No foreign key: a row must never keep its bucket alive (bucket ids are never reused, and a stale
-- row only answers while the object it made is still the current one under that key).
CREATE TABLE completed_upload (
    upload_id     VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bucket_id     BIGINT          NOT NULL,
    object_key    VARBINARY(1024) NOT NULL,
    etag          VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    completed_at  DATETIME(3)     NOT NULL,
    PRIMARY KEY (upload_id),
    KEY ix_completed_upload_age (completed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Small per-bucket configuration documents that the storage engine keeps without interpreting, one row per bucket
-- and kind: 'ownership' (the ObjectOwnership rule of PutBucketOwnershipControls), 'tagging' (the bucket's tag set,
-- as the normalised Tagging XML). A bucket without a row has no such configuration. Deleted with the bucket.
CREATE TABLE bucket_document (
    bucket_id     BIGINT       NOT NULL,
    kind          VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    document      MEDIUMTEXT   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (bucket_id, kind),
    CONSTRAINT fk_bucket_document_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
