-- Coffer catalog, version 27: S3 object lock. See docs/object-lock.md and docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- Whether the bucket has object lock enabled (at creation, or later on a versioned bucket); never turned off.
-- Its default retention is a bucket_document of kind 'object-lock'.
ALTER TABLE bucket
    ADD COLUMN object_lock BOOLEAN NOT NULL DEFAULT FALSE;

-- Per version: retention mode ('GOVERNANCE' or 'COMPLIANCE', NULL = none), its retain-until date, and the legal
-- hold. The same columns in object and object_version, so a version keeps them when it moves between the two.
ALTER TABLE object
    ADD COLUMN lock_mode  VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN lock_until DATETIME(3) NULL,
    ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT ck_object_lock CHECK ((lock_mode IS NULL AND lock_until IS NULL)
        OR (lock_mode IN ('GOVERNANCE', 'COMPLIANCE') AND lock_until IS NOT NULL));
ALTER TABLE object_version
    ADD COLUMN lock_mode  VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN lock_until DATETIME(3) NULL,
    ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT ck_object_version_lock CHECK ((lock_mode IS NULL AND lock_until IS NULL)
        OR (lock_mode IN ('GOVERNANCE', 'COMPLIANCE') AND lock_until IS NOT NULL));

-- The lock a multipart upload's object will get when it completes (CreateMultipartUpload's headers).
ALTER TABLE upload
    ADD COLUMN lock_mode  VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN lock_until DATETIME(3) NULL,
    ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE;
