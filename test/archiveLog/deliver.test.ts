import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { AppError } from '../../src/domain/errors';
import { deliver } from '../../src/services/deliveries';
import { type ServiceContext } from '../../src/services/context';
import { startTestServer, type TestServer } from '../support/server';
import { asRequest, deliverCase, fingerprintOf } from './requests';

let server: TestServer;
let units: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const rows = await db<{ id: string; name: string }>(sql`select id, name from unit`);
  units = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => server?.close());

function db<T>(fragment: ReturnType<typeof sql>): Promise<T[]> {
  return query<T>(server.orm.em.fork(), fragment);
}

interface LogRow {
  id: string;
  status: string;
  error_code: string | null;
  reason: string | null;
  record_kind: string | null;
  record_id: string | null;
  finished_at: Date | null;
}

const logOf = (key: string) =>
  db<LogRow>(
    sql`select id, status, error_code, reason, record_kind, record_id, finished_at from delivery
      where idempotency_key = ${key} order by received_at, id`,
  );

const casesTitled = async (title: string) =>
  (
    await db<{ n: number }>(sql`select count(*)::int as n from case_file where title = ${title}`)
  )[0]!.n;

/** A new case by a system, as the adapter would deliver it. */
function newCase(ctx: ServiceContext, key: string | null, title: string, unit = 'PPT') {
  return deliverCase(ctx, key, title, { name: unit, id: units[unit]! });
}

describe('The same key and content again is a duplicate: the first record answers, nothing new is made', () => {
  it('STORED, then DUPLICATE with the same record', async () => {
    const first = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      newCase(ctx, 'ppt-1', 'Tilmelding 1'),
    );
    const again = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      newCase(ctx, 'ppt-1', 'Tilmelding 1'),
    );
    expect(first.status).toBe('STORED');
    expect(again).toMatchObject({ status: 'DUPLICATE', record: first.record });
    expect(again.deliveryId).not.toBe(first.deliveryId);
    expect(await casesTitled('Tilmelding 1')).toBe(1);
    const log = await logOf('ppt-1');
    expect(log.map((r) => [r.status, r.record_kind, r.record_id])).toEqual([
      ['STORED', 'Case', first.record.id],
      ['DUPLICATE', 'Case', first.record.id],
    ]);
    expect(log.every((r) => r.finished_at !== null)).toBe(true);
  });
});

describe('The same key with other content is a conflict, logged as REFUSED with its reason', () => {
  it('CONFLICT; nothing made; the log names what differs, not the values', async () => {
    await asRequest(server, 'visma-flyt-ppt', (ctx) => newCase(ctx, 'ppt-2', 'Tilmelding 2'));
    const refused = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      newCase(ctx, 'ppt-2', 'Tilmelding 2 endret'),
    ).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CONFLICT');
    expect(await casesTitled('Tilmelding 2 endret')).toBe(0);
    const [, second] = await logOf('ppt-2');
    expect(second).toMatchObject({
      status: 'REFUSED',
      error_code: 'CONFLICT',
      reason: (refused as AppError).message,
      record_id: null,
    });
    expect(second!.reason).toMatch(/other content/);
    expect(second!.reason).not.toContain('Tilmelding');
  });

  it('another operation under the same key is a conflict too', async () => {
    const err = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      deliver(
        ctx,
        {
          operation: 'NEW_JOURNAL_POST',
          key: 'ppt-2',
          fingerprint: fingerprintOf({}),
          parentId: null,
        },
        () => Promise.reject(new Error('not reached')),
      ),
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toMatch(/another operation \(NEW_CASE_FILE\)/);
  });
});

describe('Twenty deliveries with one key at once make one record', () => {
  it('one STORED, nineteen DUPLICATE, each in its own request transaction', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        asRequest(server, 'visma-flyt-ppt', (ctx) => newCase(ctx, 'ppt-parallel', 'Parallell')),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'STORED')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'DUPLICATE')).toHaveLength(19);
    expect(new Set(outcomes.map((o) => o.record.id)).size).toBe(1);
    expect(await casesTitled('Parallell')).toBe(1);
    const log = await logOf('ppt-parallel');
    expect(log.filter((r) => r.status === 'STORED')).toHaveLength(1);
    expect(log.filter((r) => r.status === 'DUPLICATE')).toHaveLength(19);
  });
});

describe('A refused delivery is logged REFUSED with the refusal’s text, and nothing else is written', () => {
  it('a system without a grant on the unit: createCase refuses, the log keeps the refusal', async () => {
    const [{ n: auditBefore }] = (await db<{ n: number }>(
      sql`select count(*)::int as n from audit_event`,
    )) as [{ n: number }];
    const err = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      newCase(ctx, 'ppt-3', 'Feil eining', 'NAV Flyktning'),
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('FORBIDDEN');
    const [row] = await logOf('ppt-3');
    expect(row).toMatchObject({
      status: 'REFUSED',
      error_code: 'FORBIDDEN',
      reason: (err as AppError).message,
      record_id: null,
    });
    expect(row!.reason).not.toContain('Feil eining');
    expect(await casesTitled('Feil eining')).toBe(0);
    const [{ n: auditAfter }] = (await db<{ n: number }>(
      sql`select count(*)::int as n from audit_event`,
    )) as [{ n: number }];
    expect(auditAfter).toBe(auditBefore);
  });

  it('the same key may be sent again once the cause is fixed', async () => {
    const fixed = await asRequest(server, 'visma-flyt-ppt', (ctx) =>
      newCase(ctx, 'ppt-3', 'Rett eining'),
    );
    expect(fixed.status).toBe('STORED');
    expect((await logOf('ppt-3')).map((r) => r.status)).toEqual(['REFUSED', 'STORED']);
  });
});

describe('A delivery that fails unexpectedly stays RECEIVED, and one without a key is logged too', () => {
  it('RECEIVED is committed before the work runs', async () => {
    await expect(
      asRequest(server, 'visma-flyt-ppt', (ctx) =>
        deliver(
          ctx,
          {
            operation: 'NEW_CASE_FILE',
            key: 'ppt-crash',
            fingerprint: fingerprintOf(1),
            parentId: null,
          },
          () => Promise.reject(new Error('boom')),
        ),
      ),
    ).rejects.toThrow('boom');
    expect(await logOf('ppt-crash')).toMatchObject([{ status: 'RECEIVED', finished_at: null }]);
  });

  it('without a key: logged STORED, no idempotency', async () => {
    const a = await asRequest(server, 'visma-flyt-ppt', (ctx) => newCase(ctx, null, 'Uten nøkkel'));
    const b = await asRequest(server, 'visma-flyt-ppt', (ctx) => newCase(ctx, null, 'Uten nøkkel'));
    expect([a.status, b.status]).toEqual(['STORED', 'STORED']);
    expect(a.record.id).not.toBe(b.record.id);
    const rows = await db<{ status: string }>(
      sql`select status from delivery where idempotency_key is null and record_id in (${[a.record.id, b.record.id]})`,
    );
    expect(rows).toHaveLength(2);
  });
});
