-- 交费: the fee schedule per institute and year, payment orders with the gateway's facts, and every
-- gateway notification we received (accepted or refused) for the audit trail.

-- The learning fee of non-practicing members per institute and year (integer fen). Overrides the rule
-- data's default fee; read on every request, so a change is seen by every process at once.
CREATE TABLE fee_schedule (
  institute_id integer NOT NULL REFERENCES institutes(id),
  year integer NOT NULL,
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  updated_at timestamptz NOT NULL,
  updated_by integer REFERENCES staff(id),
  PRIMARY KEY (institute_id, year)
);

-- One order per attempt to pay a member-year's fee. Order numbers are unique (yyyyMMddHHmmss + 3 digits);
-- at most one pending order per member and year; an Idempotency-Key is unique per member.
CREATE TABLE payment_orders (
  id bigserial PRIMARY KEY,
  order_no text NOT NULL UNIQUE,
  member_id integer NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  institute_id integer NOT NULL REFERENCES institutes(id),
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  status text NOT NULL
    CHECK (status IN ('pending', 'paid', 'closed', 'refunding', 'refunded')),
  idempotency_key text,
  request_hash text NOT NULL,
  code_url text,
  transaction_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  paid_at timestamptz,
  closed_at timestamptz,
  refund_no text UNIQUE,
  refund_reason text,
  refund_requested_by integer REFERENCES staff(id),
  refunded_at timestamptz,
  UNIQUE (member_id, idempotency_key)
);
CREATE UNIQUE INDEX payment_orders_open_idx ON payment_orders (member_id, year) WHERE status = 'pending';
CREATE INDEX payment_orders_created_idx ON payment_orders (created_at);

-- Every notification the gateway sent us, with what we made of it (kept for the audit of money).
CREATE TABLE payment_notifications (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL,
  notification_id text,
  event_type text,
  order_no text,
  result text NOT NULL CHECK (result IN ('applied', 'duplicate', 'refused')),
  reason text
);
CREATE INDEX payment_notifications_order_idx ON payment_notifications (order_no);
