-- Jobs and outputs are kept per store (the key of its identity) and outputs per upload (its revision), so that a
-- file uploaded again under a name already processed, an attachment id reused after a case system's database was
-- restored, or another store with the same case and file names is never taken for something already handled.
-- Rows from before this version have the empty store and revision, which match any.
-- Every statement may run again: a process killed part way through a migration (H2 commits each DDL statement) runs
-- it again at its next start.
ALTER TABLE harwarden_jobs ADD COLUMN IF NOT EXISTS store VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE harwarden_jobs ADD COLUMN IF NOT EXISTS attachment_id VARCHAR(1024) DEFAULT '' NOT NULL;
CREATE INDEX IF NOT EXISTS harwarden_jobs_by_store_step ON harwarden_jobs (store, step);
CREATE INDEX IF NOT EXISTS harwarden_jobs_by_case ON harwarden_jobs (case_id);

CREATE TABLE IF NOT EXISTS harwarden_uploads (
    store VARCHAR(64) NOT NULL,
    case_id VARCHAR(512) NOT NULL,
    attachment_id VARCHAR(1024) NOT NULL,
    revision VARCHAR(256) NOT NULL,
    job_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (store, case_id, attachment_id, revision)
);
INSERT INTO harwarden_uploads (store, case_id, attachment_id, revision, job_id)
    SELECT '', o.case_id, o.attachment_id, '', o.job_id FROM harwarden_outputs o
    WHERE NOT EXISTS (SELECT 1 FROM harwarden_uploads u WHERE u.store = '' AND u.case_id = o.case_id
        AND u.attachment_id = o.attachment_id AND u.revision = '');
