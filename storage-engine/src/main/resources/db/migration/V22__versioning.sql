-- Coffer catalog, version 22: bucket versioning. See docs/versioning.md and docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- 0 = never versioned, 1 = Enabled, 2 = Suspended (a bucket never goes back to 0).
ALTER TABLE bucket
    ADD COLUMN versioning TINYINT NOT NULL DEFAULT 0,
    ADD CONSTRAINT ck_bucket_versioning CHECK (versioning IN (0, 1, 2));

-- The current version's id; NULL = the null version (objects written before versioning or while suspended).
ALTER TABLE object
    ADD COLUMN version_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- Every version that is not the current object: noncurrent versions and every delete marker. Same columns as
-- object (so a version moves with INSERT ... SELECT), plus its order key, whether its wire id is "null", and
-- whether it is a delete marker (then size 0, etag '', no blob). version_id ascending = newest first.
CREATE TABLE object_version LIKE object;
ALTER TABLE object_version
    DROP PRIMARY KEY,
    MODIFY version_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ADD COLUMN null_version  BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN delete_marker BOOLEAN NOT NULL DEFAULT FALSE,
    ADD PRIMARY KEY (bucket_id, object_key, version_id),
    ADD CONSTRAINT fk_object_version_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id);

-- The manifest of a noncurrent multipart version (object_part's rows, moved with their version).
CREATE TABLE object_version_part (
    bucket_id     BIGINT          NOT NULL,
    object_key    VARBINARY(1024) NOT NULL,
    version_id    CHAR(32)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    part_number   INT             NOT NULL,
    size          BIGINT          NOT NULL,
    start_offset  BIGINT          NOT NULL,
    blob_id       CHAR(32)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    blob_md5      BINARY(16)      NOT NULL,
    key_version   INT             NOT NULL,
    wrapped_key   VARBINARY(512)  NOT NULL,
    checksum      VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (bucket_id, object_key, version_id, part_number),
    KEY ix_object_version_part_blob (blob_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
