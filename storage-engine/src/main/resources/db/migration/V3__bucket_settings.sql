-- Coffer catalog, version 3: per-bucket settings. See docs/schema.md.
-- The canned ACL of a bucket ('private' or 'public-read'), and its CORS rules as the normalised XML document
-- (small, read whole, only when a request carries an Origin header).

ALTER TABLE bucket ADD COLUMN acl VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private';

CREATE TABLE bucket_cors (
    bucket_id     BIGINT        NOT NULL,
    configuration MEDIUMTEXT    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (bucket_id),
    CONSTRAINT fk_bucket_cors_bucket FOREIGN KEY (bucket_id) REFERENCES bucket (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
