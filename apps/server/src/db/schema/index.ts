export * from './foundation.ts';
export * from './learning.ts';
export * from './rules.ts';
