-- Coffer catalog, version 12: gc_queue is searched by blob id. Reconciliation treats a queued blob as still
-- referenced (a GET may be streaming it during its grace period), and asks for many ids at once. See docs/schema.md
-- and docs/durability.md.
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

ALTER TABLE gc_queue ADD KEY ix_gc_queue_blob (blob_id);
