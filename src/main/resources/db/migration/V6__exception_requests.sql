-- Exception requests: one row per request holding its record as JSON (decisions included), with the columns the
-- queries filter on. version increases with every transition; an update names the version it read, so two
-- concurrent transitions (two approvals, two downloads) never both succeed. Every statement may run again (see V2).
CREATE TABLE IF NOT EXISTS harwarden_exception_requests (
    id VARCHAR(64) PRIMARY KEY,
    case_id VARCHAR(512) NOT NULL,
    job_id VARCHAR(64) NOT NULL,
    requester VARCHAR(256) NOT NULL,
    state VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS harwarden_exception_requests_by_case ON harwarden_exception_requests (case_id);
CREATE INDEX IF NOT EXISTS harwarden_exception_requests_by_requester
    ON harwarden_exception_requests (requester, created_at);
CREATE INDEX IF NOT EXISTS harwarden_exception_requests_by_state ON harwarden_exception_requests (state);
