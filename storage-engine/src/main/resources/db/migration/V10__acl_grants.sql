-- Coffer catalog, version 10: full S3 ACLs. See docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- The acl columns held a canned ACL name ('private', 'public-read'). They now hold the S3 layer's encoding of
-- an access control list (its owner and up to 100 grants, ASCII, see coffer.s3.acl.StoredAcl); the two old
-- names stay valid and mean what they meant (owner: the bucket's owner). The catalog does not interpret them.
ALTER TABLE object DROP CONSTRAINT ck_object_acl;
ALTER TABLE object
    MODIFY COLUMN acl VARCHAR(4096) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private';
ALTER TABLE upload
    MODIFY COLUMN acl VARCHAR(4096) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private';
ALTER TABLE bucket
    MODIFY COLUMN acl VARCHAR(4096) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'private';
