-- Foundation: reference data (provinces, institutes), firms, accounts, sessions, audit log.

CREATE TABLE provinces (
  code text PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE institutes (
  id integer PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL UNIQUE,
  hotline text NOT NULL,
  introduction text NOT NULL
);

CREATE TABLE firms (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  province_code text NOT NULL REFERENCES provinces(code)
);

CREATE TABLE members (
  id serial PRIMARY KEY,
  member_type text NOT NULL CHECK (member_type IN ('practicing', 'non_practicing')),
  username text NOT NULL UNIQUE,
  name text NOT NULL,
  id_number text NOT NULL,
  mobile text NOT NULL,
  province_code text NOT NULL REFERENCES provinces(code),
  firm_id integer REFERENCES firms(id),
  registered_on date NOT NULL,
  password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (member_type = 'non_practicing' OR firm_id IS NOT NULL)
);
CREATE INDEX members_province_idx ON members (province_code, member_type);

CREATE TABLE staff (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('national_admin', 'provincial_reviewer', 'institute_admin', 'system_admin')),
  province_code text REFERENCES provinces(code),
  institute_id integer REFERENCES institutes(id),
  password_hash text NOT NULL,
  totp_secret text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'provincial_reviewer') = (province_code IS NOT NULL)),
  CHECK ((role = 'institute_admin') = (institute_id IS NOT NULL))
);

-- Server-side sessions; only the SHA-256 of the token is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('member', 'staff')),
  subject_id integer NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_subject_idx ON sessions (subject_type, subject_id);

CREATE TABLE captcha_challenges (
  id text PRIMARY KEY,
  answer_hash text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Append-only (LOG-1): the application never updates or deletes rows except the retention job.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_type text NOT NULL,
  actor_id integer,
  actor_name text,
  action text NOT NULL,
  target text,
  result text NOT NULL,
  ip text,
  detail jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  job text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  result jsonb
);

INSERT INTO provinces (code, name) VALUES
  ('11', '北京'), ('12', '天津'), ('13', '河北'), ('14', '山西'), ('15', '内蒙古'),
  ('21', '辽宁'), ('22', '吉林'), ('23', '黑龙江'), ('31', '上海'), ('32', '江苏'),
  ('33', '浙江'), ('34', '安徽'), ('35', '福建'), ('36', '江西'), ('37', '山东'),
  ('41', '河南'), ('42', '湖北'), ('43', '湖南'), ('44', '广东'), ('45', '广西'),
  ('46', '海南'), ('50', '重庆'), ('51', '四川'), ('52', '贵州'), ('53', '云南'),
  ('54', '西藏'), ('61', '陕西'), ('62', '甘肃'), ('63', '青海'), ('64', '宁夏'),
  ('65', '新疆');

INSERT INTO institutes (id, code, name, hotline, introduction) VALUES
  (1, 'bnai', '北京国家会计学院', '010-69461010',
   '北京国家会计学院是财政部直属的高等教育机构，面向注册会计师提供审计、会计准则与职业道德等网络课程。'),
  (2, 'snai', '上海国家会计学院', '021-69768000',
   '上海国家会计学院是财政部直属的高等教育机构，课程覆盖审计实务、内部控制、财税政策与职业道德。'),
  (3, 'xnai', '厦门国家会计学院', '0592-5769000',
   '厦门国家会计学院是财政部直属的高等教育机构，提供会计准则、审计与数字化转型等继续教育课程。');
