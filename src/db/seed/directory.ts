// Units, users, role grants, access groups and screening codes as rows, and the questions the
// case builder asks about them ("who handled cases in PPT on this date?").
import { Role } from '../../entities/enums';
import { at } from './dates';
import {
  type AccessGroupRow,
  type MembershipRow,
  type RoleGrantRow,
  type ScreeningCodeRow,
  type UnitRow,
  type UserRow,
} from './model';
import { type Rng } from './random';
import { SCREENING_CODES, screeningCodeRow, type CodeKey } from './screeningCodes';
import { UNITS, type UnitKey } from './units';
import {
  ACCESS_GROUPS,
  ARCHIVE_REGISTRARS,
  demoUsers,
  systemStart,
  type GroupKey,
  type UserDef,
} from './users';

interface Period {
  from: string;
  to: string | null;
}

interface GrantPeriod extends Period {
  role: Role;
  unit: UnitKey | null;
}

export interface DirectoryUser {
  def: UserDef;
  row: UserRow;
  grants: GrantPeriod[];
}

const covers = (p: Period, from: string, to: string): boolean =>
  p.from <= from && (p.to === null || to <= p.to);

export class Directory {
  readonly units: UnitRow[] = [];
  readonly users: UserRow[] = [];
  readonly roleGrants: RoleGrantRow[] = [];
  readonly accessGroups: AccessGroupRow[] = [];
  readonly memberships: MembershipRow[] = [];
  readonly screeningCodes: ScreeningCodeRow[] = [];

  private readonly unitIds = new Map<UnitKey, string>();
  private readonly groupIds = new Map<GroupKey, string>();
  private readonly codeIds = new Map<CodeKey, string>();
  private readonly byName = new Map<string, DirectoryUser>();

  constructor(y: number, ids: Rng) {
    const start = systemStart(y);
    for (const def of UNITS) {
      const id = ids.uuid();
      this.unitIds.set(def.key, id);
      this.units.push({
        id,
        name: def.name,
        parentId: def.parent ? this.unitId(def.parent) : null,
        createdAt: at(start, 6 * 60),
      });
    }

    const defs = demoUsers(y);
    const adminId = ids.uuid();
    defs.forEach((def, i) => {
      const id = def.username === 'admin' ? adminId : ids.uuid();
      const grants: GrantPeriod[] = def.grants.map((g) => ({
        role: g.role,
        unit: g.unit,
        from: g.from ?? start,
        to: g.to ?? null,
      }));
      const firstDay = grants.map((g) => g.from).sort()[0] ?? start;
      const row: UserRow = {
        id,
        username: def.username,
        displayName: def.displayName,
        email: `${def.username}@vennesla.kommune.example`,
        unitId: this.unitId(def.unit),
        active: !def.deactivatedOn,
        createdAt: at(firstDay, 6 * 60 + 30 + i),
        deactivatedAt: def.deactivatedOn ? at(def.deactivatedOn, 15 * 60) : null,
      };
      this.users.push(row);
      this.byName.set(def.username, { def, row, grants });
      grants.forEach((g, j) => {
        this.roleGrants.push({
          id: ids.uuid(),
          userId: id,
          role: g.role,
          unitId: g.unit ? this.unitId(g.unit) : null,
          validFrom: at(g.from, 6 * 60 + 30 + i + j),
          validTo: g.to ? at(g.to, 15 * 60) : null,
          grantedById: adminId,
          revokedById: g.to ? adminId : null,
        });
      });
    });

    for (const def of ACCESS_GROUPS) {
      const id = def.id ?? ids.uuid();
      this.groupIds.set(def.key, id);
      this.accessGroups.push({
        id,
        name: def.name,
        description: def.description,
        createdAt: at(start, 6 * 60 + 5),
      });
    }
    defs.forEach((def, i) => {
      for (const m of def.groups ?? []) {
        this.memberships.push({
          id: m.id ?? ids.uuid(),
          groupId: this.groupId(m.group),
          userId: this.user(def.username).row.id,
          validFrom: at(m.from ?? start, 7 * 60 + i),
          validTo: m.to ? at(m.to, 15 * 60) : null,
          addedById: adminId,
          removedById: m.to ? adminId : null,
        });
      }
    });

    for (const def of SCREENING_CODES) {
      const id = ids.uuid();
      this.codeIds.set(def.code, id);
      this.screeningCodes.push(screeningCodeRow(def, id));
    }
  }

  unitId(key: UnitKey): string {
    const id = this.unitIds.get(key);
    if (!id) throw new Error(`Unknown unit ${key}`);
    return id;
  }

  groupId(key: GroupKey): string {
    const id = this.groupIds.get(key);
    if (!id) throw new Error(`Unknown access group ${key}`);
    return id;
  }

  codeId(key: CodeKey): string {
    const id = this.codeIds.get(key);
    if (!id) throw new Error(`Unknown screening code ${key}`);
    return id;
  }

  user(username: string): DirectoryUser {
    const u = this.byName.get(username);
    if (!u) throw new Error(`Unknown demo user ${username}`);
    return u;
  }

  /** Holds the role for the unit over the whole period [from, to]. */
  holds(username: string, role: Role, unit: UnitKey | null, from: string, to = from): boolean {
    return this.user(username).grants.some(
      (g) => g.role === role && g.unit === unit && covers(g, from, to),
    );
  }

  /** May handle cases of the unit over the whole period: a CASE_HANDLER or LEADER there. */
  handles(username: string, unit: UnitKey, from: string, to = from): boolean {
    return (
      this.holds(username, Role.CASE_HANDLER, unit, from, to) ||
      this.holds(username, Role.LEADER, unit, from, to)
    );
  }

  /** Holds at least one role on the date: an internal user. */
  isInternal(username: string, date: string): boolean {
    return this.user(username).grants.some((g) => covers(g, date, date));
  }

  isArchivist(username: string, date: string): boolean {
    return this.holds(username, Role.ARCHIVIST, null, date);
  }

  /** The unit's case handlers (and, less often, its leader) over the period; weighted pick. */
  pickHandler(rng: Rng, unit: UnitKey, from: string, to = from): string {
    const choices: [string, number][] = [];
    for (const { def } of this.byName.values()) {
      if (this.holds(def.username, Role.CASE_HANDLER, unit, from, to)) {
        choices.push([def.username, 3]);
      } else if (this.holds(def.username, Role.LEADER, unit, from, to)) {
        choices.push([def.username, 1]);
      }
    }
    if (choices.length === 0) throw new Error(`Nobody handles cases in ${unit} ${from}–${to}`);
    return rng.weighted(choices);
  }

  pickRegistrar(rng: Rng): string {
    return rng.pick(ARCHIVE_REGISTRARS);
  }
}
