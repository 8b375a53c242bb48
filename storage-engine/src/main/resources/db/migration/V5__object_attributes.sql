-- Coffer catalog, version 5: stored checksums, canned object ACLs and object tags. See docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- checksum_algorithm is the S3 wire name (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), checksum_type FULL_OBJECT or
-- COMPOSITE, checksum_value the base64 value as S3 returns it (a COMPOSITE value ends in -N). All three are NULL
-- for objects written before this version. tags use the user_metadata encoding (NULL = no tags).
ALTER TABLE object
    ADD COLUMN checksum_algorithm VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN checksum_type      VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN checksum_value     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN acl                VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private',
    ADD COLUMN tags               TEXT        CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD CONSTRAINT ck_object_acl CHECK (acl IN ('private', 'public-read'));

-- A part's checksum in the algorithm of its object (or upload), base64; NULL when none was stored.
ALTER TABLE object_part
    ADD COLUMN checksum VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- What an upload will give its object at Complete. checksum_algorithm NULL: the client named none, so the server
-- computes CRC64NVME for every part and the object gets a CRC64NVME FULL_OBJECT checksum (as AWS does).
ALTER TABLE upload
    ADD COLUMN checksum_algorithm VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN checksum_type      VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN acl                VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private',
    ADD COLUMN tags               TEXT        CHARACTER SET ascii COLLATE ascii_bin NULL;

ALTER TABLE upload_part
    ADD COLUMN checksum VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;
