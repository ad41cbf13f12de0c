import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badInput, forbidden } from '../domain/errors';
import { listAuditEvents, type AuditFilter } from '../queries/audit';
import { fromGlobalId } from '../schema/globalId';
import { AuditEventFilterInput } from '../schema/inputs/lists';
import { PageArgs } from '../schema/inputs/paging';
import { UserType } from '../schema/types/admin';
import { AuditEventConnection, AuditEventView } from '../schema/types/audit';
import { InputErrors } from '../domain/inputErrors';
import { argId, checkedRange, pageRequest } from './args';
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
  throw badInput(
    ['filter', 'targetId'],
    'INVALID_ID',
    'filter.targetId is not the id of anything the audit trail names',
  );
}

/** Hendelsesloggen: for ADMIN and ARCHIVIST (policies/administration.ts, policies/audit.ts). */
@Resolver(() => AuditEventView)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'The audit trail (hendelseslogg), newest first, keyset-paged both ways; ADMIN and ARCHIVIST only. The ' +
      'values of events about restricted records you may not read in full are withheld ' +
      '(`redacted`).',
  })
  async auditEvents(
    @Ctx() ctx: Context,
    @Arg('filter', () => AuditEventFilterInput, {
      nullable: true,
      description: 'Which events of the audit trail (hendelseslogg): every field given narrows it',
    })
    filter: AuditEventFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<AuditEventConnection> {
    if (!ctx.ability.can('read', 'AuditEvent')) {
      throw forbidden('Only administrators and archivists may read the audit trail');
    }
    const errors = new InputErrors();
    const checked = errors.throwIfAny({
      actorId: errors.check(() => argId('User', 'filter.actorId', filter?.actorId)),
      target: errors.check(() => targetFilter(filter?.targetId)),
      at: errors.check(() => checkedRange('filter.at', filter?.at)),
    });
    const list = await listAuditEvents(ctx.em, ctx.ability, {
      filter: {
        actorId: checked.actorId,
        ...checked.target,
        action: filter?.action || null,
        at: checked.at,
      },
      page: pageRequest(page),
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
