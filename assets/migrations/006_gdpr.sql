-- Schema 6: the PLIE's GDPR duties (issue 16).
-- The street address of a participant, beside the commune and postcode.
ALTER TABLE participant ADD COLUMN address TEXT NOT NULL DEFAULT '';
-- The day a file was pseudonymised by `parcours gdpr purge` (names, contact details and
-- free text removed once the retention period is over); NULL while the file is whole.
ALTER TABLE participant ADD COLUMN pseudonymised_on TEXT;
-- The retention rule: files are kept until 31 December of the `retention_years`-th year
-- after the later of the exit and the last ESF payment to the operation (art. 82 of
-- Regulation (EU) 2021/1060: five years; ten for state-aid cases), with the reason shown
-- beside it.
ALTER TABLE plie_settings ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 5
    CHECK (retention_years BETWEEN 1 AND 30);
ALTER TABLE plie_settings ADD COLUMN retention_reason TEXT NOT NULL
    DEFAULT 'FSE+ : pièces conservées jusqu''au 31 décembre de la cinquième année suivant le dernier paiement (art. 82 du règlement (UE) 2021/1060)';
ALTER TABLE plie_settings ADD COLUMN last_payment_on TEXT;
