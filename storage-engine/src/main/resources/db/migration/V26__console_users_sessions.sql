-- Coffer catalog, version 26: the web console's users and sessions. See docs/console.md and docs/schema.md.
-- Only the gateway's console (coffer.gateway.console) reads and writes these tables.

-- A person who signs in to the console: an e-mail address (stored lower-case, unique) and an Argon2id password
-- hash in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash). account_id is the account the
-- sign-up created; NULL only between the two steps of a sign-up (a sign-in finishes it). The failure counters
-- throttle sign-ins per account across every gateway on the catalog.
CREATE TABLE console_user (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    email                 VARCHAR(254)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    password_hash         VARCHAR(255)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    account_id            BIGINT        NULL,
    created               DATETIME(3)   NOT NULL,
    failed_signins        INT           NOT NULL DEFAULT 0,
    failures_since        DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_console_user_email (email),
    UNIQUE KEY uk_console_user_account (account_id),
    CONSTRAINT fk_console_user_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A signed-in browser. Only SHA-256 hashes of the session token (the HttpOnly cookie) and of its CSRF token are
-- stored, so a catalog dump opens no session. A session ends at sign-out, at "sign out everywhere" (every row of
-- the user) or when it expires.
CREATE TABLE console_session (
    token_hash            BINARY(32)    NOT NULL,
    user_id               BIGINT        NOT NULL,
    csrf_hash             BINARY(32)    NOT NULL,
    created               DATETIME(3)   NOT NULL,
    expires               DATETIME(3)   NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_console_session_user (user_id),
    KEY ix_console_session_expires (expires),
    CONSTRAINT fk_console_session_user FOREIGN KEY (user_id) REFERENCES console_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
