-- The journal as it was before migrations: jobs (one JSON record each), HAR Warden's uploads, detection cursors.
-- IF NOT EXISTS: a journal created before Flyway already has these tables (it is baselined at this version).
CREATE TABLE IF NOT EXISTS harwarden_jobs (
    id VARCHAR(64) PRIMARY KEY,
    case_id VARCHAR(512) NOT NULL,
    step VARCHAR(32) NOT NULL,
    body TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS harwarden_outputs (
    case_id VARCHAR(512) NOT NULL,
    attachment_id VARCHAR(1024) NOT NULL,
    job_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (case_id, attachment_id)
);
CREATE TABLE IF NOT EXISTS harwarden_cursors (
    store VARCHAR(64) PRIMARY KEY,
    position TIMESTAMP WITH TIME ZONE NOT NULL
);
