-- Coffer catalog, version 1. See docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.
-- All DATETIME(3) columns hold UTC, written by the application from its injected clock (never NOW()).

CREATE TABLE account (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    name          VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    display_name  VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    email         VARCHAR(320)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    state         VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'active',
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_account_name (name),
    CONSTRAINT ck_account_state CHECK (state IN ('active', 'suspended', 'closed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE access_key (
    access_key_id VARCHAR(128)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    account_id    BIGINT        NOT NULL,
    secret_sealed VARBINARY(512) NOT NULL,
    state         VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'active',
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (access_key_id),
    KEY ix_access_key_account (account_id),
    CONSTRAINT fk_access_key_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT ck_access_key_state CHECK (state IN ('active', 'revoked'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE bucket (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    name          VARCHAR(63)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    owner_id      BIGINT        NOT NULL,
    region        VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_bucket_name (name),
    KEY ix_bucket_owner (owner_id, name),
    CONSTRAINT fk_bucket_owner FOREIGN KEY (owner_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- object_key is VARBINARY so that comparisons and the primary key order are plain UTF-8 byte order, which
-- is S3's listing order; a character collation would fold case, pad, or order by code point weights.
-- The FK to bucket is RESTRICT: a bucket row cannot be deleted while an object row points at it.
CREATE TABLE object (
    bucket_id           BIGINT          NOT NULL,
    object_key          VARBINARY(1024) NOT NULL,
    size                BIGINT          NOT NULL,
    etag                VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    last_modified       DATETIME(3)     NOT NULL,
    content_type        TEXT            NULL,
    content_disposition TEXT            NULL,
    content_encoding    TEXT            NULL,
    content_language    TEXT            NULL,
    cache_control       TEXT            NULL,
    expires             TEXT            NULL,
    user_metadata       TEXT            CHARACTER SET ascii COLLATE ascii_bin NULL,
    blob_id             CHAR(32)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    blob_md5            BINARY(16)      NOT NULL,
    key_version         INT             NOT NULL,
    wrapped_key         VARBINARY(512)  NOT NULL,
    PRIMARY KEY (bucket_id, object_key),
    CONSTRAINT fk_object_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Blobs that no row references any more, written in the same transaction that made them unreachable.
-- A worker frees them once not_before has passed; claiming pushes not_before forward (a lease).
CREATE TABLE gc_queue (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    blob_id       CHAR(32)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    enqueued_at   DATETIME(3)   NOT NULL,
    not_before    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_gc_queue_due (not_before, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
