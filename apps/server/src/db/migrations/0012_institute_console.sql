-- Institutes run their own catalogues (draft, published, retired courses; lessons get their video by
-- upload), and provincial institutes run face-to-face training (培训通知, sign-up, attendance).

-- Courses already in the catalogue (the seeded ones) stay visible to members: they are published.
ALTER TABLE courses ADD COLUMN status text NOT NULL DEFAULT 'published'
  CHECK (status IN ('draft', 'published', 'retired'));
-- A lesson is created before its video is uploaded: file and duration come with the upload. A course
-- is only published when every lesson has both.
ALTER TABLE lessons ALTER COLUMN video_file DROP NOT NULL;
ALTER TABLE lessons ALTER COLUMN duration_seconds DROP NOT NULL;

-- 培训通知: a provincial institute's (province_code) or the national institute's (NULL: nationwide).
CREATE TABLE trainings (
  id serial PRIMARY KEY,
  province_code text REFERENCES provinces(code),
  title text NOT NULL,
  body text NOT NULL,
  place text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  signup_deadline date NOT NULL,
  hours_hundredths integer NOT NULL CHECK (hours_hundredths > 0),
  ethics boolean NOT NULL DEFAULT false,
  capacity integer NOT NULL CHECK (capacity > 0),
  -- ["practicing", "non_practicing"]: the member types the notice is for
  member_types jsonb NOT NULL,
  created_by integer NOT NULL REFERENCES staff(id),
  created_at timestamptz NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX trainings_province_idx ON trainings (province_code, starts_on);

-- One row per member and training; a cancelled sign-up keeps its row (cancelled_at) and may be renewed.
-- The capacity is checked while holding the training's row lock.
CREATE TABLE training_signups (
  training_id integer NOT NULL REFERENCES trainings(id),
  member_id integer NOT NULL REFERENCES members(id),
  signed_up_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  PRIMARY KEY (training_id, member_id)
);

-- Attendance: one row per member and training; its id is the ledger entry's source (source_type
-- 'training'), so the hours enter the ledger exactly once however often a roster is imported.
CREATE TABLE training_attendance (
  id bigserial PRIMARY KEY,
  training_id integer NOT NULL REFERENCES trainings(id),
  member_id integer NOT NULL REFERENCES members(id),
  hours_hundredths integer NOT NULL CHECK (hours_hundredths > 0),
  recorded_by integer NOT NULL REFERENCES staff(id),
  recorded_at timestamptz NOT NULL,
  UNIQUE (training_id, member_id)
);

-- Unread marks of 培训通知: a row once the member opened the notice.
CREATE TABLE training_reads (
  training_id integer NOT NULL REFERENCES trainings(id),
  member_id integer NOT NULL REFERENCES members(id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (training_id, member_id)
);
