-- Coffer catalog, version 17: the background-work lease. See docs/operations.md ("Background work on one gateway").

-- One row per lease. Today one lease, 'maintenance', covers every cluster-wide background job (garbage collection,
-- multipart and reservation reapers, scheduled reconciliation, the key re-wrap resumed at start). The holder is a
-- gateway instance (GatewayIdentity.instance: gateway id, slash, random suffix per start) or NULL when released.
-- Every time is the database's own clock (NOW(6)), never a gateway's: a gateway takes the lease only when
-- expires <= NOW(6), with a compare-and-set UPDATE; the holder renews it while expires > NOW(6) and its epoch is
-- unchanged. epoch grows by one at each take-over: a fencing token for logs and for jobs that want to check it.
CREATE TABLE background_lease (
    name        VARCHAR(32)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    holder      VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NULL,
    epoch       BIGINT        NOT NULL,
    acquired    DATETIME(6)   NULL,
    expires     DATETIME(6)   NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO background_lease (name, holder, epoch, acquired, expires)
VALUES ('maintenance', NULL, 0, NULL, '1970-01-02 00:00:00');
