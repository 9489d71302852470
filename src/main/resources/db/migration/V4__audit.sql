-- The exception workflow's audit log: an append-only hash chain. Each record's body is canonical JSON naming the
-- hash of the record before it; hash is the SHA-256 of body. request_id and case_id repeat what the body says, for
-- queries. The head (one row) names the last record's place and hash: appends lock it, and a record deleted at the
-- end of the chain shows against it. Every statement may run again (see V2).
CREATE TABLE IF NOT EXISTS harwarden_audit (
    seq BIGINT PRIMARY KEY,
    request_id VARCHAR(64),
    case_id VARCHAR(512),
    body TEXT NOT NULL,
    hash CHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS harwarden_audit_by_request ON harwarden_audit (request_id);
CREATE INDEX IF NOT EXISTS harwarden_audit_by_case ON harwarden_audit (case_id);
CREATE TABLE IF NOT EXISTS harwarden_audit_head (
    id INT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash CHAR(64) NOT NULL
);
INSERT INTO harwarden_audit_head (id, seq, hash)
    SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000'
    WHERE NOT EXISTS (SELECT 1 FROM harwarden_audit_head WHERE id = 1);
