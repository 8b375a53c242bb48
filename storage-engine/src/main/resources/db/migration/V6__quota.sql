-- Coffer catalog, version 6: exact quotas. See docs/accounts.md ("Quotas") and docs/schema.md.

-- One row per quota reservation in flight: the bytes a request reserved (usage.reserved_bytes holds their sum per
-- account), the gateway instance that holds it, and the lease. A live gateway renews the leases of its requests;
-- a crashed one stops, and any gateway's reaper gives the bytes of an expired row back. The publishing
-- transaction that stores the request's data deletes its row and moves the actual size into usage.used_bytes.
CREATE TABLE reservation (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    account_id  BIGINT        NOT NULL,
    bytes       BIGINT        NOT NULL,
    gateway     VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created     DATETIME(3)   NOT NULL,
    expires     DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_reservation_expires (expires),
    KEY ix_reservation_gateway (gateway),
    CONSTRAINT fk_reservation_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT ck_reservation_bytes CHECK (bytes > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Until now nothing kept used_bytes and object_count current between reconciliations: start from the truth
-- (stored objects plus stored parts of uploads in progress, the rule every publishing transaction now follows).
-- No reservation can exist yet.
UPDATE `usage` u SET
    used_bytes = (SELECT COALESCE(SUM(o.size), 0) FROM object o JOIN bucket b ON b.id = o.bucket_id
                   WHERE b.owner_id = u.account_id)
               + (SELECT COALESCE(SUM(p.size), 0) FROM upload_part p JOIN upload up ON up.upload_id = p.upload_id
                   JOIN bucket b ON b.id = up.bucket_id WHERE b.owner_id = u.account_id),
    object_count = (SELECT COUNT(*) FROM object o JOIN bucket b ON b.id = o.bucket_id
                     WHERE b.owner_id = u.account_id),
    reserved_bytes = 0;
