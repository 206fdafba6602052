-- Year-end SMS reminders to members short of the year's hours (jobs: reminder-campaign), and the
-- member's opt-out from them.

-- 接收年度学时提醒短信: off when the member opted out; read when each reminder is queued.
ALTER TABLE members ADD COLUMN sms_reminders_opt_out boolean NOT NULL DEFAULT false;
ALTER TABLE members ADD COLUMN sms_reminders_opt_out_at timestamptz;

-- A campaign reminds the members whose status for the year is short (compliance_status), matching its
-- filters. The job walks them in member-id order from `cursor_member_id`, so a crash resumes where the
-- last committed batch ended. Automatic campaigns (created by the job on its dates) have no creator and
-- a unique `auto_key` (the date), so several processes create one.
CREATE TABLE reminder_campaigns (
  id bigserial PRIMARY KEY,
  year integer NOT NULL,
  created_by integer REFERENCES staff(id),
  created_at timestamptz NOT NULL,
  auto_key text UNIQUE,
  province_code text,
  member_type text CHECK (member_type IN ('practicing', 'non_practicing')),
  min_shortfall_hundredths integer NOT NULL DEFAULT 0 CHECK (min_shortfall_hundredths >= 0),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'cancelled')),
  targeted integer NOT NULL DEFAULT 0,
  enqueued integer NOT NULL DEFAULT 0,
  skipped_opt_out integer NOT NULL DEFAULT 0,
  cursor_member_id integer NOT NULL DEFAULT 0,
  started_at timestamptz,
  done_at timestamptz,
  cancelled_by integer REFERENCES staff(id)
);
CREATE INDEX reminder_campaigns_year_idx ON reminder_campaigns (year, id);
CREATE INDEX reminder_campaigns_pending_idx ON reminder_campaigns (id) WHERE status IN ('queued', 'running');

-- Each member at most once per campaign (the key), even when the job runs twice or concurrently.
-- An opted-out member is recorded without a message.
CREATE TABLE reminder_recipients (
  campaign_id bigint NOT NULL REFERENCES reminder_campaigns(id),
  member_id integer NOT NULL REFERENCES members(id),
  shortfall_hundredths integer NOT NULL,
  opted_out boolean NOT NULL,
  sms_outbox_id bigint REFERENCES sms_outbox(id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, member_id)
);

-- The throttle counts the reminders queued in the last minute.
CREATE INDEX sms_outbox_purpose_created_idx ON sms_outbox (purpose, created_at);
