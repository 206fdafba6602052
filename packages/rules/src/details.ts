import { defaultCatalogue } from './rulesets/catalogue.ts';
import type { CatalogueItem, DetailField } from './types.ts';
import { isIsoDate } from './validate.ts';

/**
 * The details a claim of a catalogue item gives (docs/domain.md 3.2). Each item declares its fields in
 * the rule data; the claim form is built from them and the server checks a claim's `details` against
 * them. Items of rule data published before fields were declared ask for a title only.
 */
export function detailFieldsOf(item: Pick<CatalogueItem, 'fields' | 'code'>): DetailField[] {
  // Rule data published before fields were declared: the built-in fields of the same code.
  const builtIn = item.fields ?? defaultCatalogue().find((d) => d.code === item.code)?.fields;
  return builtIn ?? [{ key: 'title', label: '名称', kind: 'text', required: true, unique: true }];
}

export type Details = Record<string, string>;

const isbnDigits = (value: string) => value.replace(/[-\s]/g, '').toUpperCase();

function validIsbn(value: string): boolean {
  const d = isbnDigits(value);
  if (/^\d{9}[\dX]$/.test(d)) {
    const sum = [...d].reduce((s, c, i) => s + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  if (/^\d{13}$/.test(d)) {
    const sum = [...d].reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0;
  }
  return false;
}

/**
 * Checks `details` against the item's fields: every required field present, each value of its kind,
 * no field the item does not declare. Returns the cleaned details and one Chinese line per problem.
 */
export function checkDetails(
  item: Pick<CatalogueItem, 'fields' | 'code'>,
  details: Record<string, unknown>,
): { details: Details; problems: string[] } {
  const fields = detailFieldsOf(item);
  const problems: string[] = [];
  const clean: Details = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(details)) {
    if (!known.has(key)) problems.push(`该项目没有“${key}”这一项`);
  }
  for (const field of fields) {
    const raw = details[field.key];
    const value = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : null;
    if (value === null) {
      problems.push(`${field.label}应为文字`);
      continue;
    }
    if (value === '') {
      if (field.required) problems.push(`请填写${field.label}`);
      continue;
    }
    if (value.length > 200) problems.push(`${field.label}不能超过 200 个字`);
    else if (field.kind === 'date' && !isIsoDate(value))
      problems.push(`${field.label}应为 YYYY-MM-DD 格式的日期`);
    else if (field.kind === 'number' && !(/^\d+(\.\d{1,2})?$/.test(value) && Number(value) > 0))
      problems.push(`${field.label}应为正数`);
    else if (field.kind === 'isbn' && !validIsbn(value)) problems.push(`${field.label}不是有效的 ISBN`);
    else clean[field.key] = value;
  }
  return { details: clean, problems };
}

/**
 * What identifies the work: one token per `unique` field with a value, normalised (case, spaces and
 * punctuation ignored; an ISBN by its digits), so the same title or ISBN in two claims is caught.
 */
export function uniqueTokens(item: Pick<CatalogueItem, 'fields' | 'code'>, details: Details): string[] {
  return detailFieldsOf(item)
    .filter((f) => f.unique && details[f.key])
    .map((f) => {
      const v = details[f.key] ?? '';
      const norm =
        f.kind === 'isbn'
          ? isbnDigits(v)
          : v
              .normalize('NFKC')
              .toLowerCase()
              .replace(/[\s\p{P}\p{S}]/gu, '');
      return `${f.kind === 'isbn' ? 'isbn' : f.key}:${norm}`;
    });
}
