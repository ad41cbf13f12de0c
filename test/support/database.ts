import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from '../../src/db/urls';
import { TEMPLATES, type TemplateName } from './templates';

/** A fresh database of its own for one test file (or one server), cloned from a template. */
export async function createTestDatabase(template: TemplateName): Promise<string> {
  const serverUrl = inject('serverUrl');
  const runId = inject('runId');
  const name = `${runId}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(
      `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(`${runId}_${TEMPLATES[template]}`)}`,
    );
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}
