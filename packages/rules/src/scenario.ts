import { RuleInputError } from './errors.ts';
import { evaluate, resolveFacts } from './evaluate.ts';
import type { Decision, Facts } from './facts.ts';
import { DEFAULT_RULE_DATA } from './rulesets/index.ts';
import type { RuleData } from './types.ts';

/** A scenario file (packages/rules/scenarios/*.json): facts of one member-year plus the expected answer. */
export interface Scenario {
  name?: string;
  description?: string;
  facts: Facts;
  /** fields the decision must match; fields left out are not checked */
  expect?: Record<string, unknown>;
}

/**
 * Parses a scenario (already JSON-decoded) and checks it against the rule data: unknown item codes,
 * items or grounds not open to the member type and years without a rule set are rejected here.
 */
export function parseScenario(json: unknown, data: RuleData = DEFAULT_RULE_DATA): Scenario {
  const { facts } = resolveFacts(json, data);
  const root = json as Record<string, unknown>;
  const scenario: Scenario = { facts };
  if (typeof root.name === 'string') scenario.name = root.name;
  if (typeof root.description === 'string') scenario.description = root.description;
  if (root.expect !== undefined) {
    const expect = root.expect;
    if (typeof expect !== 'object' || expect === null || Array.isArray(expect)) {
      throw new RuleInputError('expect 必须是 JSON 对象');
    }
    scenario.expect = expect as Record<string, unknown>;
  }
  return scenario;
}

/** The decision (in hours) for a scenario; throws RuleInputError when the scenario is not valid. */
export function evaluateScenario(json: unknown, data: RuleData = DEFAULT_RULE_DATA): Decision {
  return evaluate(parseScenario(json, data).facts, data);
}

/**
 * Deep partial comparison: every field present in `expect` must equal the decision's; objects are
 * compared key by key, arrays element by element and must have the same length. Returns one line
 * per mismatch (empty when the decision matches).
 */
export function matchesExpect(decision: unknown, expect: unknown, path = ''): string[] {
  const where = path || '(root)';
  if (Array.isArray(expect)) {
    if (!Array.isArray(decision)) return [`${where}: expected an array, got ${JSON.stringify(decision)}`];
    if (decision.length !== expect.length) {
      return [`${where}: expected ${expect.length} elements, got ${decision.length}`];
    }
    return expect.flatMap((e, i) => matchesExpect(decision[i], e, `${path}[${i}]`));
  }
  if (typeof expect === 'object' && expect !== null) {
    if (typeof decision !== 'object' || decision === null || Array.isArray(decision)) {
      return [`${where}: expected an object, got ${JSON.stringify(decision)}`];
    }
    const actual = decision as Record<string, unknown>;
    return Object.entries(expect).flatMap(([key, value]) =>
      matchesExpect(actual[key], value, path ? `${path}.${key}` : key),
    );
  }
  return decision === expect
    ? []
    : [`${where}: expected ${JSON.stringify(expect)}, got ${JSON.stringify(decision)}`];
}
