-- Per job, what its sanitized copy redacted (never a value) and the file's marker key encrypted to the original's
-- recipients, for exception requests. manifest and marker_key are base64 (of gzipped JSON lines, of an OpenPGP
-- message) so that H2 and PostgreSQL store them alike. Every statement may run again (see V2).
CREATE TABLE IF NOT EXISTS harwarden_manifests (
    job_id VARCHAR(64) PRIMARY KEY,
    redactions BIGINT NOT NULL,
    summary TEXT NOT NULL,
    manifest TEXT NOT NULL,
    marker_key TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
