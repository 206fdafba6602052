/**
 * Readers of an export's free-form filters: a value of the wrong kind is ignored (the filter is not
 * applied), never trusted.
 */
export const filterText = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
export const filterInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
export const filterDay = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
