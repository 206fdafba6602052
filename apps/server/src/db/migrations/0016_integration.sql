-- The institute integration API (POST /api/integration/v1/hour-records): an institute that runs its own
-- learning platform pushes hour records in signed batches. Accepted records wait here; the daily sync
-- posts each one into the hour ledger once (source_type 'integration', source_id = the record's id).

-- An institute's API keys. The secret is kept as issued: verifying an HMAC signature needs the secret
-- itself (a one-way hash of it could not check a signature). It is printed once when the key is made
-- and never returned by a listing or an API; a leaked key is disabled and a new one issued.
CREATE TABLE integration_clients (
  id serial PRIMARY KEY,
  institute_id integer NOT NULL REFERENCES institutes(id),
  key_id text NOT NULL UNIQUE,
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  disabled_at timestamptz
);

-- Each signed request's nonce, per key: a request whose nonce was seen is a replay. Only nonces within the
-- timestamp window matter (older requests are refused by their timestamp), so older rows are deleted as
-- new ones arrive.
CREATE TABLE integration_nonces (
  client_id integer NOT NULL REFERENCES integration_clients(id),
  nonce text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, nonce)
);
CREATE INDEX integration_nonces_seen_idx ON integration_nonces (seen_at);

-- One row per signed batch received, with its counts (the batch id in the answer).
CREATE TABLE integration_batches (
  id bigserial PRIMARY KEY,
  client_id integer NOT NULL REFERENCES integration_clients(id),
  received_at timestamptz NOT NULL,
  accepted integer NOT NULL,
  duplicates integer NOT NULL,
  refused integer NOT NULL
);

-- Accepted records only (refused rows are answered, not kept). The institute's record id is unique per
-- institute: a record sent again is a duplicate, never a second entry. Hours count as online study hours
-- of the institute's catalogue (bucket online_required or online_elective by kind), like lessons.
CREATE TABLE integration_hour_records (
  id bigserial PRIMARY KEY,
  institute_id integer NOT NULL REFERENCES institutes(id),
  record_id text NOT NULL,
  batch_id bigint NOT NULL REFERENCES integration_batches(id),
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  course_title text NOT NULL,
  lesson_title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('required', 'elective')),
  ethics boolean NOT NULL,
  hours_hundredths integer NOT NULL CHECK (hours_hundredths > 0),
  completed_at timestamptz NOT NULL,
  evaluated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  UNIQUE (institute_id, record_id)
);
CREATE INDEX integration_hour_records_member_year_idx ON integration_hour_records (member_id, year);

ALTER TABLE hour_ledger DROP CONSTRAINT hour_ledger_source_type_check;
ALTER TABLE hour_ledger ADD CONSTRAINT hour_ledger_source_type_check
  CHECK (source_type IN ('lesson', 'claim', 'exemption', 'training', 'adjustment', 'integration'));
