import type { Facts } from './facts.ts';

/** A practicing member of long standing with nothing recorded yet; tests override what they need. */
export function practicing(overrides: Partial<Facts> = {}): Facts {
  return {
    year: 2024,
    member: { type: 'practicing', registeredOn: '2012-03-01' },
    online: [],
    faceToFace: [],
    claims: [],
    exemptions: [],
    ...overrides,
  };
}

export function nonPracticing(overrides: Partial<Facts> = {}): Facts {
  return practicing({ member: { type: 'non_practicing', registeredOn: '2012-03-01' }, ...overrides });
}

export function joinedOn(registeredOn: string, overrides: Partial<Facts> = {}): Facts {
  return practicing({ member: { type: 'practicing', registeredOn }, ...overrides });
}
