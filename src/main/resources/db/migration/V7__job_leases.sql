-- Job leases: which process works on a job now, and until when. Two processes on one journal (replicas sharing a
-- PostgreSQL database) never run the same job's steps at the same time; a lease of a process that died ends at its
-- time, and the job's steps go on from the journal. Every statement may run again (see V2).
CREATE TABLE IF NOT EXISTS harwarden_job_leases (
    job_id VARCHAR(64) PRIMARY KEY,
    owner VARCHAR(256) NOT NULL,
    until_at TIMESTAMP WITH TIME ZONE NOT NULL
);
