export * from './foundation.ts';
export * from './rules.ts';
export * from './learning.ts';
