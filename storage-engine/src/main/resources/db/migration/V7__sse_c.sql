-- Coffer catalog, version 7: SSE-C (customer-provided keys) for multipart uploads. See docs/schema.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

-- An upload created with a customer key: master key version (4 bytes) || HMAC-SHA256 of the customer key under
-- a key derived from that master key version (see docs/storage-format.md). Every UploadPart must present the same
-- key. NULL: the upload uses no customer key. The key itself is never stored; single-blob objects and parts need
-- no column: their blobs carry the check inside their wrapped data key.
ALTER TABLE upload
    ADD COLUMN sse_c_key_check VARBINARY(64) NULL;
