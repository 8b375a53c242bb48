-- Coffer catalog, version 42: the web console's share links. See docs/console.md ("Share links") and docs/schema.md.
-- Only the gateway's console (coffer.gateway.console) reads and writes this table.

-- A link to one object (kind 'object', path = its key) or to a folder (kind 'folder', path = the prefix, '' for the
-- whole bucket, else ending in '/'), made by the owner of the bucket. Only the SHA-256 of the link's 256-bit
-- random token is stored. bucket_id pins the bucket: a bucket deleted and made again under the same name (perhaps
-- by someone else) is not served by an old link. expires NULL: never. max_downloads NULL: no limit. revoked: when
-- its owner revoked it (the row stays, so the link is answered as revoked, not as unknown). The failure counters
-- throttle wrong passwords per link across every gateway on the catalog.
CREATE TABLE console_share (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    token_hash            BINARY(32)    NOT NULL,
    account_id            BIGINT        NOT NULL,
    bucket_id             BIGINT        NOT NULL,
    bucket_name           VARCHAR(63)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kind                  VARCHAR(6)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    path                  VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    password_hash         VARCHAR(255)  CHARACTER SET ascii COLLATE ascii_bin NULL,
    created               DATETIME(3)   NOT NULL,
    expires               DATETIME(3)   NULL,
    max_downloads         INT           NULL,
    downloads             INT           NOT NULL DEFAULT 0,
    revoked               DATETIME(3)   NULL,
    failed_passwords      INT           NOT NULL DEFAULT 0,
    failures_since        DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_console_share_token (token_hash),
    KEY ix_console_share_account (account_id, revoked),
    CONSTRAINT fk_console_share_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A browser that gave a share link's password: the SHA-256 of the random token in its cookie (Path=/s/TOKEN), valid
-- until expires (12 hours). Revoking the link deletes its grants.
CREATE TABLE console_share_grant (
    token_hash            BINARY(32)    NOT NULL,
    share_id              BIGINT        NOT NULL,
    expires               DATETIME(3)   NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_console_share_grant_share (share_id),
    KEY ix_console_share_grant_expires (expires),
    CONSTRAINT fk_console_share_grant_share FOREIGN KEY (share_id) REFERENCES console_share (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
