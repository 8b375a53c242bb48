-- Coffer catalog, version 43: the web console's invitations and claim links. See docs/console.md ("Invitations
-- and claim links") and docs/schema.md. Only the gateway's console (coffer.gateway.console) reads and writes it.

-- A one-time link: kind 'invite' (sign-up with --console-signup invite; email, when set, is the only address it
-- signs up) or 'claim' (a restored legacy account's owner sets a password; email and account_id are that
-- account's). Only the SHA-256 of the link's 256-bit random token is stored. used: when it was spent (once only).
CREATE TABLE console_invitation (
    token_hash            BINARY(32)    NOT NULL,
    kind                  VARCHAR(6)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    email                 VARCHAR(254)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    account_id            BIGINT        NULL,
    created               DATETIME(3)   NOT NULL,
    expires               DATETIME(3)   NOT NULL,
    used                  DATETIME(3)   NULL,
    PRIMARY KEY (token_hash),
    KEY ix_console_invitation_account (account_id),
    CONSTRAINT fk_console_invitation_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
