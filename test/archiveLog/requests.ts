import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { AppError } from '../../src/domain/errors';
import { type InsightRuntime } from '../../src/domain/insightRequests/runtime';
import { defineAbilityFor } from '../../src/policies/ability';
import { createCase } from '../../src/services/cases';
import { type ServiceContext } from '../../src/services/context';
import { deliver, type DeliveryOutcome } from '../../src/services/deliveries';
import { beginRequest, endRequest } from '../../src/services/requestScope';
import { type TestServer } from '../support/server';

/**
 * A request of the Noark 5 service interface without its HTTP adapter: a fork of the server's
 * own pool (the application's role, row-level security), the request's transaction begun for the
 * user as noark5Route begins it, and ended as it ends it (an AppError is committed).
 */
export async function asRequest<T>(
  server: TestServer,
  username: string,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const em: EntityManager = server.appOrm.em.fork();
  const { viewer, organisation } = await beginRequest(em, { username }, undefined);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: server.databaseUrl,
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
  });
  const ctx: ServiceContext = {
    requestId: randomUUID(),
    em,
    viewer,
    organisation,
    today: new Date().toISOString().slice(0, 10),
    publicJournal: config.publicJournal,
    ability: defineAbilityFor(viewer),
    // A delivery reaches no insight request
    insight: {} as InsightRuntime,
    clientAddress: 'test',
    log: pino({ level: 'silent' }),
  };
  try {
    const result = await work(ctx);
    await endRequest(em, true);
    return result;
  } catch (err) {
    await endRequest(em, err instanceof AppError).catch(() => undefined);
    throw err;
  }
}

/** The fingerprint as the adapter computes it (a simplified canonical body). */
export const fingerprintOf = (body: unknown): string =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** A new case of `unit` (its name; `unitId` its id), delivered as the adapter would deliver it. */
export function deliverCase(
  ctx: ServiceContext,
  key: string | null,
  title: string,
  unit: { name: string; id: string },
): Promise<DeliveryOutcome> {
  const body = { tittel: title, administrativEnhet: unit.name };
  return deliver(
    ctx,
    { operation: 'NEW_CASE_FILE', key, fingerprint: fingerprintOf(body), parentId: null },
    async () => {
      const id = await createCase(ctx, {
        title,
        publicTitle: null,
        responsibleUnitId: unit.id,
        caseResponsibleId: null,
        accessGroupId: null,
        screeningCodeId: null,
        screenedFields: null,
        legalBasis: null,
      });
      return { kind: 'Case', id };
    },
  );
}
