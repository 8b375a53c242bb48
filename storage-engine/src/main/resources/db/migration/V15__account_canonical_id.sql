-- Coffer catalog, version 14: opaque canonical user ids. See docs/schema.md and docs/s3-behaviour.md.
-- An account's canonical id (Owner/ID, Grantee/ID on the wire) is 64 random lowercase hex digits, unrelated to its
-- sequential id. Rows created before this version get one from the gateway at its next start (SecureRandom, not
-- SQL), hence NULL is allowed; every account row written from now on has one.
ALTER TABLE account
    ADD COLUMN canonical_id CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD UNIQUE KEY uk_account_canonical_id (canonical_id),
    ADD CONSTRAINT ck_account_canonical_id CHECK (canonical_id IS NULL OR canonical_id REGEXP '^[0-9a-f]{64}$');
