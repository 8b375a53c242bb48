-- Coffer catalog, version 21: which blob store holds this catalog's blobs, once a migration has said so
-- (`coffer admin blobs migrate`, docs/operations.md "Moving local blobs to an S3 store"). At most one row (id 1),
-- written only by the migration: 'migrating' while a migration to the named S3 store has started but not switched
-- (the installation still runs on its local blobs), 's3' once it switched (every referenced blob was copied and
-- verified). No row: nothing was ever migrated; the gateway's --blob-store setting alone decides, as before V21.
-- A gateway refuses to start on local blobs when the row says 's3', and on an S3 store when the row says
-- 'migrating' or names another bucket or prefix. No credentials are stored here.
CREATE TABLE blob_store (
    id            TINYINT       NOT NULL,
    state         VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    endpoint      VARCHAR(1024) NOT NULL,
    bucket        VARCHAR(255)  NOT NULL,
    prefix        VARCHAR(1024) NOT NULL,
    started_at    DATETIME(6)   NOT NULL,
    switched_at   DATETIME(6)   NULL,
    blobs         BIGINT        NOT NULL DEFAULT 0,
    bytes         BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
