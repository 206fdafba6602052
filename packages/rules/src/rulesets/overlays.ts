import type { RuleSetOverlay } from '../types.ts';
import { FIRST_RULE_YEAR } from './ruleSets.ts';

/**
 * Provincial overlays patch the national rule set for members of one province. No real province's
 * rules are known yet, so the only overlay shipped is an EXAMPLE under a code no member carries
 * ('example-f2f16'): it shows how a province that demands 16 face-to-face hours of practicing
 * members is expressed. A real overlay uses the province code (e.g. '44' for 广东) instead.
 */
export const EXAMPLE_OVERLAY_PROVINCE = 'example-f2f16';

export function defaultOverlays(): RuleSetOverlay[] {
  return [
    {
      province: EXAMPLE_OVERLAY_PROVINCE,
      name: '示例：执业会员面授培训不少于 16 学时（示例数据，不适用于任何省份）',
      version: 1,
      memberTypes: ['practicing'],
      activeFrom: FIRST_RULE_YEAR,
      activeTo: null,
      patch: { faceToFaceMinimum: 1600 },
      confidence: { faceToFaceMinimum: 'M' },
    },
  ];
}
