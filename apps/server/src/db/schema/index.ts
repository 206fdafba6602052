export * from './foundation.ts';
export * from './rules.ts';
