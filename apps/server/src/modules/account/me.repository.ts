import type { StaffRole } from '@cpe/shared';
import type { Database, PreparedStatement } from '../../db/client.ts';
import {
  type LoadedSession,
  SESSION_FROM,
  SESSION_SELECT,
  SESSION_WHERE,
  sessionOf,
} from '../auth/session.repository.ts';

/**
 * The profile `/api/me` shows of member `id` (an SQL expression), with only the columns shown. The
 * columns carry the prefix `mp_` so the query can sit beside the session's own columns (SESSION_ME).
 */
const memberProfileQuery = (id: string) => `
    SELECT m.id AS mp_id, m.member_type AS mp_member_type, m.username AS mp_username, m.name AS mp_name,
           m.mobile AS mp_mobile, m.id_number AS mp_id_number,
           to_char(m.registered_on, 'YYYY-MM-DD') AS mp_registered_on,
           p.code AS mp_province_code, p.name AS mp_province_name, f.id AS mp_firm_id, f.name AS mp_firm_name
      FROM members m
      JOIN provinces p ON p.code = m.province_code
      LEFT JOIN firms f ON f.id = m.firm_id
     WHERE m.id = ${id}`;

/** The same of staff account `id`, with its province (reviewers) or institute (institute admins). */
const staffProfileQuery = (id: string) => `
    SELECT st.id AS sp_id, st.username AS sp_username, st.name AS sp_name, st.role AS sp_role,
           p.code AS sp_province_code, p.name AS sp_province_name,
           i.id AS sp_institute_id, i.name AS sp_institute_name
      FROM staff st
      LEFT JOIN provinces p ON p.code = st.province_code
      LEFT JOIN institutes i ON i.id = st.institute_id
     WHERE st.id = ${id}`;

const MEMBER_PROFILE: PreparedStatement = {
  name: 'cpe_member_profile',
  types: ['int'],
  text: memberProfileQuery('$1'),
};

const STAFF_PROFILE: PreparedStatement = {
  name: 'cpe_staff_profile',
  types: ['int'],
  text: staffProfileQuery('$1'),
};

/**
 * `/api/me` in one statement (every page of the portal asks for it): the session of token hash $1, as
 * auth.resolve checks it, and the profile of its member or staff account.
 */
const SESSION_ME: PreparedStatement = {
  name: 'cpe_session_me',
  types: ['text'],
  text: `${SESSION_SELECT}, mp.*, sp.*${SESSION_FROM}
      LEFT JOIN LATERAL (${memberProfileQuery('s.subject_id')}) mp ON s.subject_type = 'member'
      LEFT JOIN LATERAL (${staffProfileQuery('s.subject_id')}) sp ON s.subject_type = 'staff'${SESSION_WHERE}`,
};

const present = (v: unknown) => v !== null && v !== undefined;

export interface MemberProfile {
  kind: 'member';
  id: number;
  memberType: 'practicing' | 'non_practicing';
  username: string;
  name: string;
  mobile: string;
  idNumber: string;
  registeredOn: string;
  province: { code: string; name: string };
  firm: { id: number; name: string } | null;
}

export interface StaffProfile {
  kind: 'staff';
  id: number;
  username: string;
  name: string;
  role: StaffRole;
  province: { code: string; name: string } | null;
  institute: { id: number; name: string } | null;
}

export type Profile = MemberProfile | StaffProfile;

function memberProfileOf(r: Record<string, unknown>): MemberProfile | null {
  if (!present(r.mp_id)) return null;
  return {
    kind: 'member',
    id: Number(r.mp_id),
    memberType: r.mp_member_type as 'practicing' | 'non_practicing',
    username: String(r.mp_username),
    name: String(r.mp_name),
    mobile: String(r.mp_mobile),
    idNumber: String(r.mp_id_number),
    registeredOn: String(r.mp_registered_on),
    province: { code: String(r.mp_province_code), name: String(r.mp_province_name) },
    firm: present(r.mp_firm_id) ? { id: Number(r.mp_firm_id), name: String(r.mp_firm_name) } : null,
  };
}

function staffProfileOf(r: Record<string, unknown>): StaffProfile | null {
  if (!present(r.sp_id)) return null;
  return {
    kind: 'staff',
    id: Number(r.sp_id),
    username: String(r.sp_username),
    name: String(r.sp_name),
    role: r.sp_role as StaffRole,
    province: present(r.sp_province_code)
      ? { code: String(r.sp_province_code), name: String(r.sp_province_name) }
      : null,
    institute: present(r.sp_institute_id)
      ? { id: Number(r.sp_institute_id), name: String(r.sp_institute_name) }
      : null,
  };
}

/** The profile of a member or staff account as `/api/me` shows it (null: no such account). */
export async function profile(
  database: Database,
  kind: 'member' | 'staff',
  id: number,
): Promise<Profile | null> {
  const [r] = await database.prepared<Record<string, unknown>>(
    kind === 'member' ? MEMBER_PROFILE : STAFF_PROFILE,
    [id],
  );
  if (!r) return null;
  return kind === 'member' ? memberProfileOf(r) : staffProfileOf(r);
}

/**
 * The session of a token hash and the profile of its account, in one statement. The profile belongs to
 * the session's subject; it is null when the account is gone.
 */
export async function sessionProfile(
  database: Database,
  tokenHash: string,
): Promise<{ session: LoadedSession | null; profile: Profile | null }> {
  const [r] = await database.prepared<Record<string, unknown>>(SESSION_ME, [tokenHash]);
  const session = sessionOf(r, tokenHash);
  if (!r || !session) return { session, profile: null };
  return {
    session,
    profile: session.principal.kind === 'member' ? memberProfileOf(r) : staffProfileOf(r),
  };
}
