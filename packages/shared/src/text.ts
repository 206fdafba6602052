// Declared in the rule engine, whose rule data uses them too; the contract's strings are these.
export { multiLineTextSchema, singleLineTextSchema } from '@cpe/rules';
