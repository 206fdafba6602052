import type { RuleData } from '../types.ts';
import { defaultCatalogue } from './catalogue.ts';
import { defaultExemptionGrounds } from './exemptionGrounds.ts';
import { defaultOverlays } from './overlays.ts';
import { defaultRuleSets } from './ruleSets.ts';

export {
  articleLabel,
  chineseNumber,
  defaultCatalogue,
  OUTPUT_UNITS,
  type UnitDefinition,
} from './catalogue.ts';
export { defaultExemptionGrounds } from './exemptionGrounds.ts';
export { defaultOverlays, EXAMPLE_OVERLAY_PROVINCE } from './overlays.ts';
export {
  buildRuleSets,
  defaultRuleSets,
  defaultStudyWindow,
  FIRST_RULE_YEAR,
  LAST_RULE_YEAR,
} from './ruleSets.ts';

/**
 * The built-in rule data as fresh plain objects (JSON-serialisable, safe to mutate): the server seeds
 * its tables from it and later passes a database-loaded version of the same shape to evaluate().
 */
export function defaultRuleData(): RuleData {
  return {
    ruleSets: defaultRuleSets(),
    catalogue: defaultCatalogue(),
    exemptionGrounds: defaultExemptionGrounds(),
    overlays: defaultOverlays(),
  };
}

/** One shared, frozen copy used when a caller passes no rule data. */
export const DEFAULT_RULE_DATA: Readonly<RuleData> = deepFreeze(defaultRuleData());

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
