import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput, forbidden } from '../domain/errors';
import { listAuditEvents, type AuditFilter } from '../queries/audit';
import { fromGlobalId } from '../schema/globalId';
import { UserType } from '../schema/types/admin';
import { AuditEventConnection, AuditEventView } from '../schema/types/audit';
import { argId } from './args';
import { type Context } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A target given as a global id (Case, JournalPost, User, …) or as the raw id of another kind. */
function targetFilter(
  targetId: string | null | undefined,
): Pick<AuditFilter, 'targetType' | 'targetId'> {
  if (!targetId) return {};
  const parsed = fromGlobalId(targetId);
  if (parsed) return { targetType: parsed.type, targetId: parsed.id };
  if (UUID.test(targetId)) return { targetId };
  throw badInput('targetId', 'targetId is not the id of anything the audit trail names');
}

/** Hendelsesloggen: for ADMIN and ARCHIVIST (policies/administration.ts, policies/audit.ts). */
@Resolver(() => AuditEventView)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Hendelseslogg (audit trail), newest first, keyset-paged; ADMIN and ARCHIVIST only. The ' +
      'values of events about restricted records you may not read in full are withheld ' +
      '(`redacted`).',
  })
  async auditEvents(
    @Ctx() ctx: Context,
    @Arg('actorId', () => ID, { nullable: true, description: 'Who did it' })
    actorId?: string | null,
    @Arg('targetId', () => ID, {
      nullable: true,
      description: 'What it was done to: the id of a Case, JournalPost, User, Unit, …',
    })
    targetId?: string | null,
    @Arg('action', () => String, {
      nullable: true,
      description: 'Exactly this action, e.g. "journalPost.correct"',
    })
    action?: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'At or after this moment' })
    from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'At or before this moment' })
    to?: Date | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 25, at most 100' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditEventConnection> {
    if (!ctx.ability.can('read', 'AuditEvent')) {
      throw forbidden('Only administrators and archivists may read the audit trail');
    }
    if (from && to && from > to)
      throw badInput('to', 'to must be the same moment as from or later');
    const list = await listAuditEvents(ctx.em, ctx.ability, {
      filter: {
        actorId: argId('User', 'actorId', actorId),
        ...targetFilter(targetId),
        action: action || null,
        from,
        to,
      },
      page: { first, after },
    });
    return AuditEventConnection.from(list, AuditEventView.from);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who did it; null for the anonymous public and for the system',
  })
  actor(@Root() e: AuditEventView, @Ctx() { loaders }: Context): Promise<UserType | null> | null {
    return e.actorRawId ? loaders.user.load(e.actorRawId) : null;
  }
}
