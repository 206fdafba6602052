import type { MemberType } from './types.ts';

/** The words the guide uses for each member type, so reasons read like the member's own menus. */
export interface MemberTerms {
  memberLabel: string;
  /** 产出法形式学时 (practicing) / 产出式学时 (non-practicing) */
  output: string;
  /** 豁免 (practicing) / 减免 (non-practicing) */
  exemption: string;
  /** registration (practicing) / admission (non-practicing) */
  joined: string;
}

export const MEMBER_TERMS: Record<MemberType, MemberTerms> = {
  practicing: { memberLabel: '执业会员', output: '产出法', exemption: '豁免', joined: '注册' },
  non_practicing: { memberLabel: '非执业会员', output: '产出式', exemption: '减免', joined: '入会' },
};
