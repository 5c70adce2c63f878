-- Schema 5: what an ESF auditor needs on a weekly timesheet.
-- Each activity has a kind: worked on the operation, worked outside it, or an absence
-- (leave, sickness, public holiday…); `esf` stays, kept equal to kind = 'operation'.
ALTER TABLE activity ADD COLUMN kind TEXT NOT NULL DEFAULT 'outside'
    CHECK (kind IN ('operation', 'outside', 'absence'));
UPDATE activity SET kind = CASE WHEN esf = 1 THEN 'operation' ELSE 'outside' END;
-- The line manager named in a person's countersignature box (blank: the validating coordinator).
ALTER TABLE user ADD COLUMN manager TEXT NOT NULL DEFAULT '';
-- The last reopening of a week, shown to its referent; `reopen_seen` once they have read it.
ALTER TABLE week ADD COLUMN reopen_reason TEXT;
ALTER TABLE week ADD COLUMN reopened_at TEXT;
ALTER TABLE week ADD COLUMN reopened_by INTEGER REFERENCES user(id);
ALTER TABLE week ADD COLUMN reopen_seen INTEGER NOT NULL DEFAULT 1 CHECK (reopen_seen IN (0, 1));
-- The canonical content the stored fingerprint is the SHA-256 of, so a later difference can
-- be named. Fingerprints stored before were of the CSV bytes (language and settings
-- included): they are dropped and taken again, over the content, at the next export.
ALTER TABLE week ADD COLUMN export_content TEXT;
UPDATE week SET export_sha256 = NULL;
