/**
 * The one error the rule engine throws for bad input: a scenario, a fact or a rule-data lookup
 * that cannot be evaluated. The message is a single line naming the problem, so the CLI can print
 * it as-is and the server can hand it to the user.
 */
export class RuleInputError extends Error {
  override readonly name = 'RuleInputError';
}
