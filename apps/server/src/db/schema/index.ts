export * from './claims.ts';
export * from './foundation.ts';
export * from './learning.ts';
export * from './limits.ts';
export * from './messaging.ts';
export * from './rules.ts';
