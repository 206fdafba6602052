-- Online learning: the yearly institute choice, the catalogue, tracked video, evaluation, the fee gate
-- and the append-only hour ledger.

-- One institute per member and calendar year (Asia/Shanghai); the unique key settles racing choices.
CREATE TABLE institute_choices (
  id serial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  institute_id integer NOT NULL REFERENCES institutes(id),
  chosen_at timestamptz NOT NULL,
  UNIQUE (member_id, year)
);

-- The institute's short questionnaire shown with the star rating: [{ id, text, type, options?, required }].
CREATE TABLE institute_questionnaires (
  institute_id integer PRIMARY KEY REFERENCES institutes(id),
  questions jsonb NOT NULL
);

CREATE TABLE courses (
  id serial PRIMARY KEY,
  institute_id integer NOT NULL REFERENCES institutes(id),
  year integer NOT NULL,
  -- stable key for idempotent seeding and imports
  code text NOT NULL,
  title text NOT NULL,
  teacher text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('required', 'elective')),
  ethics boolean NOT NULL DEFAULT false,
  description text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (institute_id, year, code)
);
CREATE INDEX courses_institute_year_idx ON courses (institute_id, year, sort);

CREATE TABLE lessons (
  id serial PRIMARY KEY,
  course_id integer NOT NULL REFERENCES courses(id),
  title text NOT NULL,
  duration_seconds integer NOT NULL CHECK (duration_seconds > 0),
  credit_hundredths integer NOT NULL CHECK (credit_hundredths > 0),
  video_file text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (course_id, sort)
);

-- One row per member and lesson. `intervals` holds the merged watched intervals [[from, to], ...] in
-- seconds; `version` makes the read-merge-write of a progress report optimistic (two tabs never
-- double-count: a stale write matches no row and is retried on the fresh state).
CREATE TABLE lesson_progress (
  member_id integer NOT NULL REFERENCES members(id),
  lesson_id integer NOT NULL REFERENCES lessons(id),
  intervals jsonb NOT NULL DEFAULT '[]',
  watched_seconds integer NOT NULL DEFAULT 0,
  furthest_seconds double precision NOT NULL DEFAULT 0,
  position_seconds double precision NOT NULL DEFAULT 0,
  -- unused tolerance carried between reports (at most the configured tolerance)
  slack_seconds double precision NOT NULL DEFAULT 0,
  last_report_at timestamptz,
  completed_at timestamptz,
  version integer NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, lesson_id)
);

CREATE TABLE lesson_evaluations (
  id bigserial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  lesson_id integer NOT NULL REFERENCES lessons(id),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text,
  answers jsonb,
  created_at timestamptz NOT NULL,
  UNIQUE (member_id, lesson_id)
);

-- Placeholder for the non-practicing fee gate: a row when the member's fee for the year is paid.
-- The payment feature owns orders and callbacks and writes here.
CREATE TABLE fee_payments (
  id serial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  amount_fen integer NOT NULL CHECK (amount_fen >= 0),
  paid_at timestamptz NOT NULL,
  UNIQUE (member_id, year)
);

-- Every credited hour with its source (architecture principle 2). Append-only (INV-1, enforced below);
-- one source gives at most one entry (INV-2); reversals are new entries with negative hours.
CREATE TABLE hour_ledger (
  id bigserial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  source_type text NOT NULL CHECK (source_type IN ('lesson', 'claim', 'exemption', 'training', 'adjustment')),
  source_id bigint NOT NULL,
  hours_hundredths integer NOT NULL,
  bucket text NOT NULL
    CHECK (bucket IN ('online_required', 'online_elective', 'face_to_face', 'output', 'exemption')),
  ethics boolean NOT NULL DEFAULT false,
  lesson_id integer REFERENCES lessons(id),
  -- source facts the rule engine needs (e.g. { item, units } of a claim, { ground } of an exemption)
  detail jsonb,
  rule_set_version integer,
  created_by text NOT NULL,
  posted_at timestamptz NOT NULL,
  UNIQUE (source_type, source_id)
);
CREATE INDEX hour_ledger_member_year_idx ON hour_ledger (member_id, year);

CREATE FUNCTION hour_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hour_ledger is append-only (INV-1): % refused; post a reversal instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER hour_ledger_no_update_delete BEFORE UPDATE OR DELETE ON hour_ledger
  FOR EACH ROW EXECUTE FUNCTION hour_ledger_append_only();
CREATE TRIGGER hour_ledger_no_truncate BEFORE TRUNCATE ON hour_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION hour_ledger_append_only();
