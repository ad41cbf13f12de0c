/**
 * The people, units and screening codes an import names: found by name (or legal basis) in the
 * organisation, created when missing, and remembered for the rest of the import (a few hundred at
 * most, however many records).
 */
import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';
import { ScreeningCode, Unit, User } from '../../entities';
import * as codes from '../../exports/arkivstruktur/codes';

export class ImportDirectory {
  private readonly users = new Map<string, string>();
  private readonly units = new Map<string, string>();
  private readonly screeningCodes = new Map<string, { id: string; legalBasis: string }>();
  private readonly createdCodes = new Set<string>();
  /** validFrom of a created screening code: the imported part's start */
  periodStart = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly em: EntityManager,
    private readonly organisationId: string,
    private readonly actorId: string,
  ) {}

  /** The user with this display name (an active one first), or a new deactivated one. */
  async user(name: string | null): Promise<string | null> {
    if (name === null || name === codes.SYSTEM_ACTOR) return null;
    const known = this.users.get(name);
    if (known) return known;
    const [existing] = await query<{ id: string }>(
      this.em,
      sql`select id from app_user where organisation_id = ${this.organisationId}
          and display_name = ${name} order by active desc, created_at, id limit 1`,
    );
    let id = existing?.id;
    if (!id) {
      const u = this.em.create(User, {
        username: `import-${randomUUID()}`,
        displayName: name,
        active: false,
        deactivatedAt: new Date(),
      });
      await this.em.persist(u).flush();
      id = u.id;
    }
    this.users.set(name, id);
    return id;
  }

  async requiredUser(name: string | null): Promise<string> {
    return (await this.user(name)) ?? this.actorId;
  }

  async unit(name: string | null): Promise<string | null> {
    if (name === null) return null;
    const known = this.units.get(name);
    if (known) return known;
    const [existing] = await query<{ id: string }>(
      this.em,
      sql`select id from unit where organisation_id = ${this.organisationId} and name = ${name}`,
    );
    let id = existing?.id;
    if (!id) {
      const u = this.em.create(Unit, { name });
      await this.em.persist(u).flush();
      id = u.id;
    }
    this.units.set(name, id);
    return id;
  }

  /** The organisation's code with this legal basis (or this code), else a new one. */
  async screeningCode(basis: string, wholeDocument: boolean) {
    let code = this.screeningCodes.get(basis);
    if (!code) {
      const [existing] = await query<{ id: string; legal_basis: string }>(
        this.em,
        sql`select id, legal_basis from screening_code
            where organisation_id = ${this.organisationId}
              and (legal_basis = ${basis} or code = ${basis})
            order by (legal_basis = ${basis}) desc, valid_from limit 1`,
      );
      if (existing) code = { id: existing.id, legalBasis: existing.legal_basis };
      else {
        const created = this.em.create(ScreeningCode, {
          code: basis,
          name: basis,
          legalBasis: basis,
          wholeDocument,
          validFrom: this.periodStart,
        });
        await this.em.persist(created).flush();
        code = { id: created.id, legalBasis: basis };
        this.createdCodes.add(created.id);
      }
      this.screeningCodes.set(basis, code);
    }
    if (wholeDocument && this.createdCodes.has(code.id)) {
      await this.em.execute(
        'update screening_code set whole_document = true where id = ? and not whole_document',
        [code.id],
        'run',
      );
    }
    return code;
  }

  async userRef(name: string | null) {
    const id = await this.user(name);
    return id ? this.em.getReference(User, id) : null;
  }
}
