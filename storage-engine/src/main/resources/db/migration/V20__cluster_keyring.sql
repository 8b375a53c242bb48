-- Coffer catalog, version 20: the cluster keyring (--cluster-key-file; docs/security.md, docs/storage-format.md).
-- Used only by gateways started with --cluster-key-file; a single-node installation keeps its key directory and
-- leaves both tables empty. V20 rather than the next free number so that the other scale-out migrations of the
-- same round (V16-V19) keep theirs.
-- cluster_keyring: one row, written once by the first gateway: the check value of the key-encryption key (KEK) read
-- from the cluster key file, HKDF of it, which reveals nothing about it. A gateway whose file gives another check
-- refuses to start.
CREATE TABLE cluster_keyring (
    id         TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    kek_check  VARBINARY(32) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT ck_cluster_keyring_one_row CHECK (id = 1)
) ENGINE = InnoDB;

-- master_key: every master key version, wrapped under the KEK with AES-256-GCM (associated data: purpose and
-- version). The highest version is current. A destroyed version's row is deleted.
CREATE TABLE master_key (
    version     INT UNSIGNED NOT NULL PRIMARY KEY,
    wrapped_key VARBINARY(128) NOT NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT ck_master_key_version CHECK (version >= 1)
) ENGINE = InnoDB;
