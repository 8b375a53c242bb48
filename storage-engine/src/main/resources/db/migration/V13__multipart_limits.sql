-- Coffer catalog, version 13: multipart uploads are bounded. `usage.open_uploads` counts each account's uploads in
-- progress (the limit is checked against it by one conditional UPDATE), and the expiry reaper finds idle uploads
-- by their creation time. See docs/schema.md and docs/accounts.md ("Multipart uploads").
-- Never edit a migration once it has shipped: add a new V<n>__*.sql instead.

ALTER TABLE `usage` ADD COLUMN open_uploads INT NOT NULL DEFAULT 0;

UPDATE `usage` s SET open_uploads = (SELECT COUNT(*) FROM upload u JOIN bucket b ON b.id = u.bucket_id
                                      WHERE b.owner_id = s.account_id);

-- Parts in progress now count at least 4096 bytes each (Quotas.MIN_PART_CHARGE).
UPDATE `usage` s SET used_bytes = used_bytes + (SELECT COALESCE(SUM(GREATEST(p.size, 4096) - p.size), 0)
                                                  FROM upload_part p JOIN upload u ON u.upload_id = p.upload_id
                                                  JOIN bucket b ON b.id = u.bucket_id
                                                 WHERE b.owner_id = s.account_id);

ALTER TABLE upload ADD KEY ix_upload_initiated (initiated);
