-- Coffer catalog, version 16: the pack index of the S3 blob backend (docs/storage-format.md section 4). Small blobs
-- are stored many to one backend object (a pack); `blob_pack` has one row per pack object, `blob_pack_entry` one
-- row per live blob in a pack (where its record starts and how long it is). Rows are written only by the S3
-- backend, after the pack object was acknowledged; unused (empty) on local blob storage.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

CREATE TABLE blob_pack (
    pack_id       CHAR(32)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    total_bytes   BIGINT        NOT NULL,
    live_bytes    BIGINT        NOT NULL,
    live_blobs    INT           NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (pack_id),
    KEY ix_blob_pack_live (live_blobs, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE blob_pack_entry (
    blob_id       CHAR(32)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    pack_id       CHAR(32)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    record_offset BIGINT        NOT NULL,
    record_length INT           NOT NULL,
    PRIMARY KEY (blob_id),
    KEY ix_blob_pack_entry_pack (pack_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
