import type { MemberType, StaffRole } from '@cpe/shared';

export interface MemberPrincipal {
  kind: 'member';
  id: number;
  memberType: MemberType;
  username: string;
  name: string;
  provinceCode: string;
}

export interface StaffPrincipal {
  kind: 'staff';
  id: number;
  role: StaffRole;
  username: string;
  name: string;
  provinceCode: string | null;
  instituteId: number | null;
}

export type Principal = (MemberPrincipal | StaffPrincipal) & { sessionHash: string };
