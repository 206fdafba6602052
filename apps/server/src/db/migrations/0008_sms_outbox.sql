-- Every text message the system sends, written in the transaction of the event that causes it (a
-- decision, a recovery code, a reminder) and delivered afterwards by the SMS dispatch job through the
-- configured provider, with retries. Nothing is sent that was not committed.
CREATE TABLE sms_outbox (
  id bigserial PRIMARY KEY,
  phone text NOT NULL,
  member_id integer REFERENCES members(id),
  -- why it is sent: recovery_code, password_reset, claim_decision, reminder, ...
  purpose text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  provider_message_id text,
  -- the body is replaced by a redacted text once sent (outside demo mode)
  redacted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX sms_outbox_due_idx ON sms_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX sms_outbox_phone_idx ON sms_outbox (phone, created_at);
