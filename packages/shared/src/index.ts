import { z } from 'zod';

// Validation messages in Simplified Chinese, for the server's answers and the web forms alike.
z.config(z.locales.zhCN());

export * from './auth.ts';
export * from './claims.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './institute.ts';
export * from './integration.ts';
export * from './learning.ts';
export * from './oversight.ts';
export * from './params.ts';
export * from './payment.ts';
export * from './plan.ts';
export * from './recovery.ts';
export * from './reminders.ts';
export * from './rules.ts';
export * from './text.ts';
