-- 0003_platform: what the platform services need beyond 0002.
--
-- Scheduled jobs run one at a time per job, across every server: a run
-- claims the job by inserting its job_run row with status 'running', and
-- this index refuses a second such row for the same job (src/jobs/jobs.h
-- tells the whole rule, with its staleness limit).
CREATE UNIQUE INDEX job_run_one_running ON job_run (job)
    WHERE status = 'running';

-- The run log is read newest first, for all jobs and for one.
CREATE INDEX job_run_started ON job_run (started_at);

-- Notifications are listed newest first, and read marks per reader.
CREATE INDEX notification_created ON notification (created_at);
CREATE INDEX notification_read_account ON notification_read (account_id);

-- Uploads are looked up by owner.
CREATE INDEX upload_owner ON upload (owner_id);
