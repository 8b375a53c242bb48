-- Coffer catalog, version 4: plans, account administration, usage counters, audit. See docs/schema.md and
-- docs/accounts.md.

-- Plans name a default quota in plaintext bytes; both rows may be changed (admin API), never deleted while an
-- account refers to them (foreign key).
CREATE TABLE plan (
    name          VARCHAR(32)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    quota_bytes   BIGINT        NOT NULL,
    PRIMARY KEY (name),
    CONSTRAINT ck_plan_quota CHECK (quota_bytes >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO plan (name, quota_bytes) VALUES ('free', 107374182400), ('premium', 1099511627776);

-- V1 allowed 'closed'; the states are now active / suspended / deleted. No row can be 'closed' yet (nothing
-- wrote it), but map it anyway so that the new constraint cannot fail on an old database.
ALTER TABLE account DROP CONSTRAINT ck_account_state;
UPDATE account SET state = 'deleted' WHERE state = 'closed';
ALTER TABLE account
    ADD COLUMN plan             VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'free',
    ADD COLUMN quota_bytes      BIGINT       NULL,
    ADD COLUMN legacy_id        VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    ADD COLUMN legacy_closed_at DATETIME(3)  NULL,
    ADD CONSTRAINT ck_account_state CHECK (state IN ('active', 'suspended', 'deleted')),
    ADD CONSTRAINT ck_account_quota CHECK (quota_bytes IS NULL OR quota_bytes >= 0),
    ADD CONSTRAINT fk_account_plan FOREIGN KEY (plan) REFERENCES plan (name),
    ADD UNIQUE KEY uk_account_legacy_id (legacy_id);

-- One row per account, created with the account. used_bytes / object_count are the committed plaintext bytes
-- and objects; reserved_bytes are in-flight reservations (quota enforcement). Reconciliation recomputes the
-- first two from the object table.
CREATE TABLE `usage` (
    account_id     BIGINT  NOT NULL,
    used_bytes     BIGINT  NOT NULL DEFAULT 0,
    reserved_bytes BIGINT  NOT NULL DEFAULT 0,
    object_count   BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id),
    CONSTRAINT fk_usage_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO `usage` (account_id, used_bytes, object_count)
SELECT a.id, COALESCE(SUM(o.size), 0), COUNT(o.bucket_id)
  FROM account a
  LEFT JOIN bucket b ON b.owner_id = a.id
  LEFT JOIN object o ON o.bucket_id = b.id
 GROUP BY a.id;

-- Administrative actions, append-only: who (the admin client's stated actor), when, what, on what, and details
-- (never a secret).
CREATE TABLE audit (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    at            DATETIME(3)   NOT NULL,
    actor         VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    action        VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject       VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    detail        TEXT          CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    PRIMARY KEY (id),
    KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
