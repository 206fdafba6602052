import { z } from 'zod';

// Validation messages in Simplified Chinese, for the server's answers and the web forms alike.
z.config(z.locales.zhCN());

export * from './auth.ts';
export * from './claims.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './learning.ts';
export * from './rules.ts';
export * from './text.ts';
