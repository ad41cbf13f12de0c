import { ReferenceKind } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The migrations are hand-written (docs/architecture.md), so nothing makes an entity and its table
 * agree but this test. MikroORM's own schema diff is not usable as the check: the migrations hold
 * checks, triggers and expression indexes the entities do not declare. What must agree is the
 * columns: a property mapped to a column the table lacks fails only when the ORM first reads or
 * writes it.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
});
afterAll(() => server?.close());

describe('Every column an entity maps is a column of its table', () => {
  it('after all migrations, no entity names a column or table that does not exist', async () => {
    const rows = await query<{ table_name: string; column_name: string }>(
      server.orm.em.fork(),
      sql`select table_name, column_name from information_schema.columns where table_schema = current_schema()`,
    );
    const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const missing: string[] = [];
    for (const meta of Object.values(server.orm.getMetadata().getAll())) {
      if (meta.embeddable || meta.virtual || !meta.tableName) continue;
      for (const prop of meta.props) {
        const stored =
          prop.kind === ReferenceKind.SCALAR ||
          prop.kind === ReferenceKind.MANY_TO_ONE ||
          (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
        if (!stored || prop.persist === false) continue;
        for (const field of prop.fieldNames ?? []) {
          const key = `${meta.tableName}.${field}`;
          if (!columns.has(key)) missing.push(`${meta.className}.${prop.name} → ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
