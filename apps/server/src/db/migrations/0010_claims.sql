-- Output-method claims (产出法形式学时 / 产出式学时), exemption and reduction requests (豁免 / 减免学时),
-- their evidence files, the reviewers' decisions and the member's portal messages (docs/domain.md 3.2,
-- 3.3). An approved claim or exemption enters hour_ledger in the approval's transaction; a reversal is a
-- negative adjustment entry, never an edit of the ledger.

CREATE TABLE output_claims (
  id serial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  -- catalogue code (18-9b, 9-4, ...) and its version when the claim was last saved
  item text NOT NULL,
  item_version integer NOT NULL,
  units_hundredths integer NOT NULL CHECK (units_hundredths >= 0),
  -- the item's declared detail fields (title, journal, publishedOn, ...)
  details jsonb NOT NULL,
  -- normalised values of the details that identify the work (title, ISBN, degree): duplicates are refused
  unique_tokens jsonb NOT NULL,
  status text NOT NULL
    CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn', 'reversed')),
  -- units x rate when submitted (hundredths), before caps
  computed_hundredths integer,
  granted_hundredths integer CHECK (granted_hundredths >= 0),
  rule_set_version integer,
  reviewer_id integer REFERENCES staff(id),
  review_comment text,
  submitted_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX output_claims_member_year_idx ON output_claims (member_id, year);
CREATE INDEX output_claims_status_idx ON output_claims (status, submitted_at);

CREATE TABLE exemption_requests (
  id serial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  ground text NOT NULL,
  ground_version integer NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  note text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn')),
  rule_set_version integer,
  reviewer_id integer REFERENCES staff(id),
  review_comment text,
  submitted_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (period_from <= period_to)
);
CREATE INDEX exemption_requests_member_year_idx ON exemption_requests (member_id, year);
CREATE INDEX exemption_requests_status_idx ON exemption_requests (status, submitted_at);

-- Evidence files: the bytes live in the evidence store under storage_key (random, never the upload's
-- name); the row belongs to exactly one claim or request.
CREATE TABLE evidence_files (
  id serial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  claim_id integer REFERENCES output_claims(id),
  exemption_id integer REFERENCES exemption_requests(id),
  file_name text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((claim_id IS NULL) <> (exemption_id IS NULL))
);
CREATE INDEX evidence_files_claim_idx ON evidence_files (claim_id);
CREATE INDEX evidence_files_exemption_idx ON evidence_files (exemption_id);

-- Every review action with the rule-set version it used (also written to audit_log).
CREATE TABLE review_decisions (
  id bigserial PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('claim', 'exemption')),
  subject_id integer NOT NULL,
  action text NOT NULL CHECK (action IN ('approve', 'reject', 'return', 'reverse')),
  staff_id integer NOT NULL REFERENCES staff(id),
  granted_hundredths integer,
  comment text NOT NULL,
  rule_set_version integer NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX review_decisions_subject_idx ON review_decisions (subject_type, subject_id);

-- The member's portal messages (decisions on claims and requests); unread until opened.
CREATE TABLE member_messages (
  id bigserial PRIMARY KEY,
  member_id integer NOT NULL REFERENCES members(id),
  title text NOT NULL,
  body text NOT NULL,
  -- the portal page the message is about, e.g. /output-hours
  link text,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX member_messages_member_idx ON member_messages (member_id, created_at);
