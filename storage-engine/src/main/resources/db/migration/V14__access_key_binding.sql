-- Coffer catalog, version 13: access key secrets bound to their account. See docs/schema.md and
-- docs/storage-format.md ("Access key secrets").
-- secret_binding names the associated data secret_sealed was sealed with: 1 = the access key id alone (rows
-- written before this version), 2 = the account id and the access key id. The gateway re-seals every row still
-- on 1 at start (LegacySecretUpgrade) and writes only 2; a row on 2 opens only under its own account.
ALTER TABLE access_key ADD COLUMN secret_binding TINYINT NOT NULL DEFAULT 1;
ALTER TABLE access_key ADD CONSTRAINT ck_access_key_binding CHECK (secret_binding IN (1, 2));
