-- Coffer catalog, version 47: the blob store record names the store's catalog marker. See docs/deploy.md ("Blobs on
-- an S3-compatible store") and docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- From this version the row is also written by the first start on an S3 store (state 's3', blobs and bytes 0), not
-- only by a migration. catalog_marker: a random id (32 hex digits) that the object `catalog-id` under the store's
-- prefix holds too; a start refuses a store whose object is missing or names another catalog, so two catalogs never
-- share a bucket and prefix (each one's reconciliation would free the other's blobs as orphans). NULL until the
-- first start on the store after a migration, or on a row written before this version.
ALTER TABLE blob_store ADD COLUMN catalog_marker VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL;
