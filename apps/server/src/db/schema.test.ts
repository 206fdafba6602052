import { hourSources } from '@cpe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/database.ts';
import { databaseShape, drizzleShape, type SchemaShape } from '../../test/schema-shape.ts';
import type { Database } from './client.ts';
import * as schema from './schema/index.ts';

let database: Database;
let migrated: SchemaShape;
beforeAll(async () => {
  database = await openTestDatabase();
  migrated = await databaseShape(database.db);
});
afterAll(() => database.close());

describe('the Drizzle schema and the SQL migrations', () => {
  it('declare the same tables, columns, keys, unique constraints and enum values', () => {
    expect(drizzleShape(schema)).toEqual(migrated);
  });

  it('let the hour ledger hold exactly the contract’s hour sources', () => {
    expect(migrated.hour_ledger?.enums.source_type).toEqual([...hourSources].sort());
  });
});
