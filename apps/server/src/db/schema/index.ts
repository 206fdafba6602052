export * from './foundation.ts';
export * from './learning.ts';
export * from './limits.ts';
export * from './messaging.ts';
export * from './payments.ts';
export * from './rules.ts';
