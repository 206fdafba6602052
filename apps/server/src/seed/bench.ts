import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { hashPassword } from '../modules/auth/password.ts';

/**
 * `cpe bench seed`: a national year of data for load measurements, reproducible from a seed number.
 * Every figure is derived from `hashint8extended(n, seed)`, so the same seed gives the same rows on
 * PostgreSQL and PGlite. Rows are made by set-based INSERT ... SELECT over generate_series, in chunks of
 * members (progress shown), never one row at a time.
 *
 * What it makes, for `members` members (default 350,000: about 110,000 practicing):
 * - firms (one per ~60 practicing members) across the provinces;
 * - members of both types, all with the password BENCH_PASSWORD (one argon2id hash, made once);
 * - for each of the last `years` years (default 4, the current one included): a catalogue per
 *   institute (10 required courses, 30 elective, 3 lessons each), each member's institute choice (9 in 10
 *   choose), and fee payments of the non-practicing members who chose;
 * - past years: each member's year of hours in the ledger (lesson and face-to-face entries, about 8 a
 *   year), so 350,000 members give about 10 million entries over the years; the standing follows
 *   through the ledger's trigger;
 * - the current year: progress and evaluations of the lessons members watched so far (a third of the
 *   year's work), `unposted` of them (default 200,000) evaluated since the last daily sync.
 * - claims, exemptions and payment orders in proportion (`otherSources` below), approved ones with their
 *   ledger entries.
 */
export const BENCH_PASSWORD = 'Bench#2024pass';

export interface BenchSeedOptions {
  members: number;
  seed: number;
  year: number;
  years?: number;
  /** evaluations of the current year not yet posted by the daily sync */
  unposted?: number;
  chunk?: number;
  argon2: { memoryCost: number; timeCost: number };
  progress?: (step: string, done: number, total: number) => void;
}

const PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
];

export async function seedBench(database: Database, o: BenchSeedOptions) {
  const db = database.db;
  const years = o.years ?? 4;
  const first = o.year - years + 1;
  const chunk = o.chunk ?? 20_000;
  const seed = o.seed;
  const report = o.progress ?? (() => {});
  const practicing = Math.round((o.members * 110) / 350);
  const firms = Math.max(1, Math.ceil(practicing / 60));
  const provinces = `ARRAY[${PROVINCES.map((p) => `'${p}'`).join(',')}]`;
  // r(n, k): a reproducible number in [0, k) for row n (salted per column).
  const rText = (n: string, salt: number, k: number) =>
    `(abs(hashint8extended((${n})::bigint * 7919 + ${salt}, ${seed})) % ${k})::int`;
  const r = (n: string, salt: number, k: number) => sql.raw(rText(n, salt, k));
  const { rows: base } = await db.execute<{ m: number | null; f: number | null }>(
    sql`SELECT (SELECT max(id) FROM members) AS m, (SELECT max(id) FROM firms) AS f`,
  );
  const memberBase = Number(base[0]?.m ?? 0);
  const firmBase = Number(base[0]?.f ?? 0);

  report('firms', 0, firms);
  await db.execute(sql`
    INSERT INTO firms (name, province_code)
    SELECT '压测会计师事务所' || ${seed}::int || '-' || g, (${sql.raw(provinces)})[1 + ${r('g', 1, PROVINCES.length)}]
    FROM generate_series(1, ${firms}::int) g
    ON CONFLICT (name) DO NOTHING`);
  report('firms', firms, firms);

  const hash = await hashPassword(BENCH_PASSWORD, o.argon2);
  for (let from = 1; from <= o.members; from += chunk) {
    const to = Math.min(o.members, from + chunk - 1);
    // Practicing members first (ids base+1 .. base+practicing), then non-practicing ones.
    await db.execute(sql`
      INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id,
        registered_on, password_hash)
      SELECT CASE WHEN g <= ${practicing}::int THEN 'practicing' ELSE 'non_practicing' END,
             CASE WHEN g <= ${practicing}::int THEN '8' || lpad((${seed}::int % 100)::text, 2, '0') || lpad(g::text, 9, '0')
                  ELSE 'N8' || lpad((${seed}::int % 100)::text, 2, '0') || lpad(g::text, 9, '0') END,
             '压测会员' || g, '110101199001011234', '138' || lpad(g::text, 8, '0'),
             (${sql.raw(provinces)})[1 + ${r('g', 2, PROVINCES.length)}],
             CASE WHEN g <= ${practicing}::int THEN ${firmBase}::int + 1 + ${r('g', 3, firms)} END,
             date '1995-01-01' + ${r('g', 4, 10_000)}::int, ${hash}
      FROM generate_series(${from}::int, ${to}::int) g
      ON CONFLICT (username) DO NOTHING`);
    report('members', to, o.members);
  }
  const memberIds = `m.id > ${memberBase} AND m.id <= ${memberBase + o.members}`;

  for (let y = first; y <= o.year; y++) {
    // A catalogue per institute: 10 required courses (the first is ethics) and 30 electives, 3 lessons each.
    await db.execute(sql`
      INSERT INTO courses (institute_id, year, code, title, teacher, kind, ethics, description, sort)
      SELECT i.id, ${y}::int, 'bench-' || c, '压测课程 ' || c, '讲师' || c,
             CASE WHEN c <= 10 THEN 'required' ELSE 'elective' END, c = 1, '压测课程', 1000 + c
      FROM institutes i, generate_series(1, 40) c
      ON CONFLICT (institute_id, year, code) DO NOTHING`);
    await db.execute(sql`
      INSERT INTO lessons (course_id, title, duration_seconds, credit_hundredths, video_file, sort)
      SELECT c.id, c.title || ' 第' || s || '讲', 1800, 50, 'demo-1.mp4', s
      FROM courses c, generate_series(1, 3) s
      WHERE c.year = ${y} AND c.code LIKE 'bench-%'
      ON CONFLICT (course_id, sort) DO NOTHING`);
    await db.execute(sql`
      INSERT INTO institute_choices (member_id, year, institute_id, chosen_at)
      SELECT m.id, ${y}::int, 1 + ${r(`m.id + ${y}`, 5, 3)}, make_timestamptz(${y}::int, 1, 15, 8, 0, 0, 'Asia/Shanghai')
      FROM members m WHERE ${sql.raw(memberIds)} AND ${r(`m.id + ${y}`, 6, 10)} < 9
      ON CONFLICT (member_id, year) DO NOTHING`);
    await db.execute(sql`
      INSERT INTO fee_payments (member_id, year, amount_fen, paid_at)
      SELECT m.id, ${y}::int, 8000, make_timestamptz(${y}::int, 1, 16, 8, 0, 0, 'Asia/Shanghai')
      FROM members m JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = ${y}
      WHERE ${sql.raw(memberIds)} AND m.member_type = 'non_practicing'
      ON CONFLICT (member_id, year) DO NOTHING`);
    report(`catalogue, choices and fees ${y}`, y - first + 1, years);
  }

  // Past years: about 8 entries per member-year (6 online lessons of the catalogue, 2 face-to-face
  // trainings), as imported history: source ids from a range of their own, no evaluation rows behind them.
  const sourceBase = 10_000_000_000 + seed * 100_000_000;
  for (let y = first; y < o.year; y++) {
    for (let from = 1; from <= o.members; from += chunk) {
      const to = Math.min(o.members, from + chunk - 1);
      await db.execute(sql`
        INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
          lesson_id, rule_set_version, created_by, posted_at)
        SELECT m.id, ${y}::int, CASE WHEN k <= 6 THEN 'lesson' ELSE 'training' END,
               ${sourceBase}::bigint + (m.id::bigint * 100 + (${y}::int % 10) * 10 + k),
               CASE WHEN k <= 6 THEN 300 ELSE 800 END,
               CASE WHEN k <= 6 THEN (CASE WHEN k <= 4 THEN 'online_required' ELSE 'online_elective' END)
                    ELSE 'face_to_face' END,
               k = 1,
               bl.lesson_id,
               (SELECT max(version) FROM rule_versions WHERE year = ${y}::int), 'bench-seed',
               make_timestamptz(${y}::int, 1 + ${r(`m.id + k`, 7, 12)}, 1 + ${r(`m.id + k`, 8, 28)}, 3, 0, 0, 'Asia/Shanghai')
        FROM members m
        JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = ${y}
        CROSS JOIN generate_series(1, 8) k
        -- the first lesson of required courses 1-4 and elective courses 15-16 of the chosen institute
        LEFT JOIN (SELECT c.institute_id, CASE WHEN c.sort <= 1004 THEN c.sort - 1000 ELSE c.sort - 1010 END AS slot,
                          min(l.id) AS lesson_id
                     FROM courses c JOIN lessons l ON l.course_id = c.id
                    WHERE c.year = ${y} AND c.code LIKE 'bench-%' AND (c.sort <= 1004 OR c.sort IN (1015, 1016))
                    GROUP BY 1, 2) bl ON bl.institute_id = ic.institute_id AND bl.slot = k
        WHERE m.id > ${memberBase + from - 1} AND m.id <= ${memberBase + to}
        ON CONFLICT (source_type, source_id) DO NOTHING`);
      report(`ledger ${y}`, to, o.members);
    }
  }

  // The current year so far: each choosing member watched and evaluated 0-5 required lessons of the
  // institute; the first `unposted` evaluations (by id) are not yet posted, the rest are.
  for (let from = 1; from <= o.members; from += chunk) {
    const to = Math.min(o.members, from + chunk - 1);
    const watched = sql.raw(`
      FROM members m
      JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = ${o.year}
      JOIN courses c ON c.institute_id = ic.institute_id AND c.year = ${o.year} AND c.code LIKE 'bench-%'
        AND c.kind = 'required' AND c.sort <= 1002
      JOIN lessons l ON l.course_id = c.id
      WHERE m.id > ${memberBase + from - 1} AND m.id <= ${memberBase + to}
        AND (c.sort - 1001) * 3 + l.sort <= ${rText('m.id', 9, 6)}`);
    await db.execute(sql`
      INSERT INTO lesson_progress (member_id, lesson_id, intervals, watched_seconds, furthest_seconds,
        position_seconds, last_report_at, completed_at, version)
      SELECT m.id, l.id, '[[0,1800000]]', 1800, 1800, 1800, now(), now(), 1 ${watched}
      ON CONFLICT DO NOTHING`);
    await db.execute(sql`
      INSERT INTO lesson_evaluations (member_id, lesson_id, rating, created_at)
      SELECT m.id, l.id, 1 + ${r('m.id + l.id', 10, 5)}, now() ${watched}
      ON CONFLICT DO NOTHING`);
    report(`progress and evaluations ${o.year}`, to, o.members);
  }
  await db.execute(sql`
    INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
      lesson_id, rule_set_version, created_by, posted_at)
    SELECT e.member_id, c.year, 'lesson', e.id, l.credit_hundredths, 'online_required', c.ethics, l.id,
           (SELECT max(version) FROM rule_versions WHERE year = c.year), 'daily-sync', now()
    FROM lesson_evaluations e JOIN lessons l ON l.id = e.lesson_id JOIN courses c ON c.id = l.course_id
    WHERE e.member_id > ${memberBase} AND e.member_id <= ${memberBase + o.members}
      AND e.id > (SELECT min(id) - 1 + ${o.unposted ?? 200_000}::int FROM lesson_evaluations
                   WHERE member_id > ${memberBase} AND member_id <= ${memberBase + o.members})
    ON CONFLICT (source_type, source_id) DO NOTHING`);
  // as the daily sync leaves them: the posted evaluations marked, the rest pending
  await db.execute(sql`
    UPDATE lesson_evaluations e SET synced_at = h.posted_at
    FROM hour_ledger h
    WHERE h.source_type = 'lesson' AND h.source_id = e.id AND e.synced_at IS NULL
      AND e.member_id > ${memberBase} AND e.member_id <= ${memberBase + o.members}`);
  report('posted evaluations', 1, 1);
  await otherSources(database, o, memberBase, first);
  await db.execute(sql`ANALYZE`);
  const { rows } = await db.execute<{ members: number; ledger: number; evaluations: number }>(sql`
    SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM hour_ledger)::int AS ledger,
           (SELECT count(*) FROM lesson_evaluations)::int AS evaluations`);
  return { ...rows[0]!, memberBase, practicing };
}

/**
 * Claims (产出法), exemptions (豁免/减免) and payment orders, in proportion, for every year of the seed:
 * - 15% of members file 1-2 output claims a year (7 in 10 approved, each with its ledger entry of
 *   2-7 hours in the output bucket; the rest submitted, rejected or drafts);
 * - 2% of members an exemption (abroad, eight in ten approved with their zero-hour exemption entry);
 * - every non-practicing member who paid the fee (fee_payments) a paid order for the year, 3% of them
 *   an earlier order that expired unpaid (closed); in the current year, a third of the non-practicing
 *   members who have not paid an order still pending.
 */
async function otherSources(database: Database, o: BenchSeedOptions, memberBase: number, first: number) {
  const db = database.db;
  const r = (n: string, salt: number, k: number) =>
    sql.raw(`(abs(hashint8extended((${n})::bigint * 7919 + ${salt}, ${o.seed})) % ${k})::int`);
  const members = sql.raw(`m.id > ${memberBase} AND m.id <= ${memberBase + o.members}`);
  for (let y = first; y <= o.year; y++) {
    const at = (month: number, day: number) =>
      sql.raw(`make_timestamptz(${y}, ${month}, ${day}, 10, 0, 0, 'Asia/Shanghai')`);
    const version = sql`(SELECT max(version) FROM rule_versions WHERE year = ${y}::int)`;
    // status by a number in [0, 10): 0-6 approved, 7 submitted, 8 rejected, 9 draft
    await db.execute(sql`
      INSERT INTO output_claims (member_id, year, item, item_version, units_hundredths, details, unique_tokens,
        status, computed_hundredths, granted_hundredths, rule_set_version, reviewer_id, review_comment,
        submitted_at, decided_at, created_at, updated_at)
      SELECT m.id, ${y}::int, CASE m.member_type WHEN 'practicing' THEN '18-1' ELSE '9-1' END, 1, q.units,
             jsonb_build_object('title', '压测课题 ' || m.id || '-' || k, 'organizer', '压测注协', 'acceptedOn', ${`${y}-06-30`}::text),
             jsonb_build_array('title:压测课题' || m.id || k),
             s.status, q.units, CASE WHEN s.status = 'approved' THEN q.units END,
             CASE WHEN s.status <> 'draft' THEN ${version} END,
             CASE WHEN s.status IN ('approved', 'rejected') THEN (SELECT min(id) FROM staff) END,
             CASE WHEN s.status IN ('approved', 'rejected') THEN '压测审核' END,
             CASE WHEN s.status <> 'draft' THEN ${at(7, 1)} END,
             CASE WHEN s.status IN ('approved', 'rejected') THEN ${at(7, 15)} END,
             ${at(6, 30)}, ${at(7, 15)}
      FROM members m
      CROSS JOIN generate_series(1, 2) k
      CROSS JOIN LATERAL (SELECT 100 * (2 + ${r(`m.id * 2 + k + ${y}`, 11, 6)}) AS units) q
      CROSS JOIN LATERAL (SELECT CASE WHEN ${r(`m.id * 2 + k + ${y}`, 12, 10)} < 7 THEN 'approved'
                                      WHEN ${r(`m.id * 2 + k + ${y}`, 12, 10)} = 7 THEN 'submitted'
                                      WHEN ${r(`m.id * 2 + k + ${y}`, 12, 10)} = 8 THEN 'rejected'
                                      ELSE 'draft' END AS status) s
      WHERE ${members} AND ${r(`m.id + ${y}`, 13, 100)} < 15 AND k <= 1 + ${r(`m.id + ${y}`, 14, 2)}`);
    await db.execute(sql`
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        detail, rule_set_version, created_by, posted_at)
      SELECT c.member_id, c.year, 'claim', c.id, c.granted_hundredths, 'output', false,
             jsonb_build_object('claimId', c.id, 'item', c.item, 'units', c.units_hundredths / 100.0,
                                'hours', c.granted_hundredths / 100.0),
             c.rule_set_version, 'bench-seed', c.decided_at
      FROM output_claims c JOIN members m ON m.id = c.member_id
      WHERE ${members} AND c.year = ${y} AND c.status = 'approved'
      ON CONFLICT (source_type, source_id) DO NOTHING`);
    await db.execute(sql`
      INSERT INTO exemption_requests (member_id, year, ground, ground_version, period_from, period_to, note,
        status, rule_set_version, reviewer_id, review_comment, submitted_at, decided_at, created_at, updated_at)
      SELECT m.id, ${y}::int, 'abroad', 1, make_date(${y}::int, 1, 1), make_date(${y}::int, 8, 31), '压测：外派',
             s.status, ${version}, CASE WHEN s.status = 'approved' THEN (SELECT min(id) FROM staff) END,
             CASE WHEN s.status = 'approved' THEN '压测审核' END, ${at(9, 1)},
             CASE WHEN s.status = 'approved' THEN ${at(9, 10)} END, ${at(9, 1)}, ${at(9, 10)}
      FROM members m
      CROSS JOIN LATERAL (SELECT CASE WHEN ${r(`m.id + ${y}`, 16, 10)} < 8 THEN 'approved' ELSE 'submitted' END
                          AS status) s
      WHERE ${members} AND ${r(`m.id + ${y}`, 15, 100)} < 2`);
    await db.execute(sql`
      INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
        detail, rule_set_version, created_by, posted_at)
      SELECT x.member_id, x.year, 'exemption', x.id, 0, 'exemption', false,
             jsonb_build_object('exemptionId', x.id, 'ground', x.ground, 'months', 8),
             x.rule_set_version, 'bench-seed', x.decided_at
      FROM exemption_requests x JOIN members m ON m.id = x.member_id
      WHERE ${members} AND x.year = ${y} AND x.status = 'approved'
      ON CONFLICT (source_type, source_id) DO NOTHING`);
    // Orders: one paid per fee payment, an expired one before it for 3% of payers, and pending ones of
    // members who have not paid (current year only).
    await db.execute(sql`
      INSERT INTO payment_orders (order_no, member_id, year, institute_id, amount_fen, status, request_hash,
        transaction_id, created_at, expires_at, paid_at, closed_at)
      SELECT 'B' || ${o.seed}::int || '-' || ${y}::int || '-' || m.id || '-' || t.kind, m.id, ${y}::int,
             ic.institute_id, f.amount_fen, t.status, 'bench-seed',
             CASE WHEN t.status = 'paid' THEN 'bench' || ${o.seed}::int || '-' || ${y}::int || '-' || m.id END,
             f.paid_at - t.before, f.paid_at - t.before + interval '2 hours',
             CASE WHEN t.status = 'paid' THEN f.paid_at END,
             CASE WHEN t.status = 'closed' THEN f.paid_at - t.before + interval '2 hours' END
      FROM members m
      JOIN fee_payments f ON f.member_id = m.id AND f.year = ${y}
      JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = ${y}
      CROSS JOIN LATERAL (VALUES ('p', 'paid', interval '5 minutes'), ('c', 'closed', interval '1 day')) t(kind, status, before)
      WHERE ${members} AND (t.status = 'paid' OR ${r(`m.id + ${y}`, 17, 100)} < 3)
      ON CONFLICT (order_no) DO NOTHING`);
    if (y === o.year)
      await db.execute(sql`
        INSERT INTO payment_orders (order_no, member_id, year, institute_id, amount_fen, status, request_hash,
          created_at, expires_at)
        SELECT 'B' || ${o.seed}::int || '-' || ${y}::int || '-' || m.id || '-w', m.id, ${y}::int,
               1 + ${r(`m.id + ${y}`, 18, 3)}, 8000, 'pending', 'bench-seed', now(), now() + interval '2 hours'
        FROM members m
        WHERE ${members} AND m.member_type = 'non_practicing' AND ${r(`m.id + ${y}`, 19, 3)} = 0
          AND NOT EXISTS (SELECT 1 FROM fee_payments f WHERE f.member_id = m.id AND f.year = ${y})
        ON CONFLICT DO NOTHING`);
    o.progress?.(`claims, exemptions and orders ${y}`, y - first + 1, o.year - first + 1);
  }
}
