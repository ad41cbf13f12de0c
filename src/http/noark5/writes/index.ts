import { createHash } from 'node:crypto';
import { type Request, type Router } from 'express';
import { mediaTypeOf, PDF, safeFileName, startsLikePdf } from '../../../domain/documents';
import { AppError, badInput, notFound } from '../../../domain/errors';
import {
  ArchivePart,
  ArchivePartStatus,
  Case,
  Correspondent,
  Document,
  DocumentRole,
  DocumentVariant,
} from '../../../entities';
import {
  documentFacts,
  journalPostFacts,
  caseFacts,
  postOfDescription,
} from '../../../queries/facts';
import { createCase, updateCase } from '../../../services/cases';
import { setCaseClasses } from '../../../services/classification';
import { addAttachment, addMainDocument } from '../../../services/documentDescriptions';
import { uploadDocument } from '../../../services/documents';
import { addCorrespondent, registerJournalPost } from '../../../services/journalPosts';
import { actorOf } from '../../../services/funnel';
import { type ServiceContext } from '../../../services/context';
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  deliver,
  type DeliveredRecord,
  type DeliveryOperation,
  type DeliveryOutcome,
  refuseUnread,
} from '../../../services/deliveries';
import { type Noark5Deps, type Noark5Request, type Noark5Result, noark5Route } from '../http';
import { linkSet, rel } from '../links';
import { etagOf, type Noark5Kind, representation } from '../resources';
import {
  accessGroupOf,
  CORRESPONDENT_FIELDS,
  type CorrespondentKind,
  correspondentOf,
  isSystemId,
  postTypeOf,
  type Screening,
  screeningOf,
  senderOf,
  unitOf,
  userRefOf,
  variantCode,
  variantOf,
} from './mapping';
import {
  type Body,
  bytesOf,
  code,
  date,
  essenceOf,
  fingerprintOf,
  jsonBody,
  keyOf,
  readBody,
  Refusal,
  refusalResult,
  text,
} from './parse';

/**
 * Deliveries of specialist systems through the Noark 5 service interface
 * (docs/noark5-service-interface.md, "Writing: the delivery endpoints"). Each route only reads the
 * request and maps the standard's JSON to the input of an ordinary service (the same ones GraphQL
 * calls, with their policies and audit), run inside `deliver` (services/deliveries.ts: the archive
 * log and idempotency by the sender's key). A GET on a `ny-*` address answers the prefilled
 * template a client fills in.
 */

/** What a GET of any record returns and a client may send back: read, but never written. */
const READ_ONLY_COMMON = [
  'systemID',
  'opprettetDato',
  'opprettetAv',
  'referanseOpprettetAv',
  'oppdatertDato',
  'oppdatertAv',
  'referanseOppdatertAv',
  'avsluttetDato',
  'avsluttetAv',
  'referanseAvsluttetAv',
  'arkivertDato',
  'arkivertAv',
  'referanseArkivertAv',
  '_links',
];

const CASE_WRITABLE = [
  'tittel',
  'offentligTittel',
  'administrativEnhet',
  'referanseAdministrativEnhet',
  'saksansvarlig',
  'referanseSaksansvarlig',
  'skjerming',
  'virksomhetsspesifikkeMetadata',
];
const CASE_READ_ONLY = [
  ...READ_ONLY_COMMON,
  'mappeID',
  'saksaar',
  'sakssekvensnummer',
  'saksdato',
  'saksstatus',
  'journalenhet',
  'dokumentmedium',
  'referanseArkivdel',
];

const POST_WRITABLE = [
  'tittel',
  'offentligTittel',
  'journalposttype',
  'dokumentetsDato',
  'forfallsdato',
  'referanseSaksbehandler',
  'saksbehandler',
  'skjerming',
  'virksomhetsspesifikkeMetadata',
  'korrespondansepart',
];
const POST_READ_ONLY = [
  ...READ_ONLY_COMMON,
  'registreringsID',
  'journalaar',
  'journalsekvensnummer',
  'journalpostnummer',
  'journaldato',
  'journalstatus',
  'mottattDato',
  'sendtDato',
  'antallVedlegg',
  'offentlighetsvurdertDato',
  'administrativEnhet',
  'referanseAdministrativEnhet',
  'journalenhet',
  'dokumentmedium',
  'referanseArkivdel',
];

const DESCRIPTION_WRITABLE = [
  'tittel',
  'tilknyttetRegistreringSom',
  'dokumenttype',
  'dokumentstatus',
  'skjerming',
];
const DESCRIPTION_READ_ONLY = [
  ...READ_ONLY_COMMON,
  'dokumentnummer',
  'tilknyttetDato',
  'tilknyttetAv',
  'referanseTilknyttetAv',
  'dokumentmedium',
];

const OBJECT_WRITABLE = [
  'variantformat',
  'format',
  'formatDetaljer',
  'mimeType',
  'filnavn',
  'sjekksum',
  'sjekksumAlgoritme',
  'filstoerrelse',
];
const OBJECT_READ_ONLY = [...READ_ONLY_COMMON, 'versjonsnummer', 'referanseDokumentfil'];

/** The address of a record of each kind the deliveries make. */
const PATHS: Record<DeliveredRecord['kind'], (id: string) => string> = {
  Case: (id) => `sakarkiv/saksmappe/${id}/`,
  JournalPost: (id) => `sakarkiv/journalpost/${id}/`,
  Correspondent: (id) => `arkivstruktur/korrespondansepart/${id}/`,
  DocumentDescription: (id) => `arkivstruktur/dokumentbeskrivelse/${id}/`,
  Document: (id) => `arkivstruktur/dokumentobjekt/${id}/`,
};

const KINDS: Record<DeliveredRecord['kind'], Noark5Kind> = {
  Case: 'saksmappe',
  JournalPost: 'journalpost',
  Correspondent: 'korrespondansepart',
  DocumentDescription: 'dokumentbeskrivelse',
  Document: 'dokumentobjekt',
};

/** A path parameter as a systemID: anything not made by us names no record (404). */
function idParam(req: Request, name: string, what: string): string {
  const id = req.params[name];
  if (typeof id !== 'string' || !isSystemId(id)) throw notFound(what);
  return id;
}

/**
 * The answer to a delivery: 201 with Location and the record as the sender now reads it (STORED),
 * or 200 with the same (DUPLICATE: the key and content came before; nothing new was made).
 * `X-Delivery-Status` says which, for clients that keep count.
 */
async function answer(
  request: Noark5Request,
  outcome: DeliveryOutcome,
  etag?: string,
): Promise<Noark5Result> {
  const { ctx, links, accessLog } = request;
  const { kind, id } = outcome.record;
  const location = links.href(PATHS[kind](id));
  const body = (await representation(ctx, KINDS[kind], id, links, accessLog)) ?? {
    systemID: id,
    _links: linkSet([['self', location]]),
  };
  return {
    status: outcome.status === 'STORED' ? 201 : 200,
    body,
    headers: {
      Location: location,
      'X-Delivery-Status': outcome.status,
      ...(etag ? { ETag: etag } : {}),
    },
  };
}

/** The current version of a case as its ETag. */
async function caseEtag(ctx: ServiceContext, id: string): Promise<string | undefined> {
  const facts = (await caseFacts(ctx.em, [id])).get(id);
  if (!facts || !ctx.ability.can('read', facts)) return undefined;
  const found = await ctx.em.findOne(Case, { id }, { fields: ['version'], refresh: true });
  return found ? etagOf(found.version) : undefined;
}

/** A route that answers a Refusal (413, 415, 428) in the standard's shape. */
function route(deps: Noark5Deps, handler: (request: Noark5Request) => Promise<Noark5Result>) {
  return noark5Route(deps, async (request) => {
    try {
      return await handler(request);
    } catch (err) {
      if (err instanceof Refusal) {
        // Refused before the body was read in full: do not keep the connection for the rest.
        if (!request.req.complete) request.req.resume();
        return refusalResult(err, request.ctx.requestId);
      }
      throw err;
    }
  });
}

/**
 * The route of a delivery: a refusal before `deliver` logged the attempt (the media type, the size,
 * the JSON, unknown fields, a parent the sender does not see) is logged REFUSED too, so that the
 * archive log holds every attempt (services/deliveries.ts, refuseUnread).
 */
function deliveryRoute(
  deps: Noark5Deps,
  operation: DeliveryOperation,
  handler: (request: Noark5Request) => Promise<Noark5Result>,
) {
  return route(deps, async (request) => {
    try {
      return await handler(request);
    } catch (err) {
      if (err instanceof Refusal || err instanceof AppError) {
        const { req, ctx } = request;
        const id = req.params.id;
        await refuseUnread(
          ctx,
          {
            operation,
            key: keyOrNone(req),
            parentId: typeof id === 'string' && isSystemId(id) ? id : null,
          },
          { code: err.code, message: err.message },
        );
      }
      throw err;
    }
  });
}

/** The sender's key as sent, or none when it is not one (a refusal of its own). */
function keyOrNone(req: Request): string | null {
  try {
    return keyOf(req);
  } catch {
    return null;
  }
}

/** The case `id` as the caller sees it, or NOT_FOUND. */
async function visibleCase(ctx: ServiceContext, id: string): Promise<void> {
  const facts = (await caseFacts(ctx.em, [id])).get(id);
  if (!facts || !ctx.ability.can('read', facts)) throw notFound('The saksmappe');
}

async function visiblePost(ctx: ServiceContext, id: string): Promise<void> {
  const facts = (await journalPostFacts(ctx.em, [id])).get(id);
  if (!facts || !ctx.ability.can('read', facts)) throw notFound('The journalpost');
}

async function visibleDescription(ctx: ServiceContext, id: string): Promise<string> {
  const postId = await postOfDescription(ctx.em, id);
  const facts = postId ? await documentFacts(ctx.em, postId, DocumentVariant.PRODUCTION, id) : null;
  if (!postId || !facts || !ctx.ability.can('read', facts.post)) {
    throw notFound('The dokumentbeskrivelse');
  }
  return postId;
}

/** The active arkivdel is the only one new cases go to: another one is refused by name. */
async function ensureActivePart(ctx: ServiceContext, id: string): Promise<void> {
  const part = await ctx.em.findOne(ArchivePart, { id }, { fields: ['status'] });
  if (!part) throw notFound('The arkivdel');
  if (part.status !== ArchivePartStatus.ACTIVE) {
    throw new AppError(
      'INVALID_STATE',
      'New saksmapper go to the active arkivdel only; follow the arkivstruktur links to it',
      { state: part.status },
    );
  }
}

/** A prefilled template a client fills in: a GET of a `ny-*` address, with no self link. */
function template(body: Body): Noark5Result {
  return { status: 200, body: { ...body, _links: {} } };
}

/** One delivery of `content` (the body, or the file) under the sender's key, to `parentId`. */
function deliverUnder(
  ctx: ServiceContext,
  key: string | null,
  operation: DeliveryOperation,
  parentId: string,
  content: Body | Buffer,
  work: (em: EntityManager) => Promise<DeliveredRecord>,
): Promise<DeliveryOutcome> {
  return deliver(
    ctx,
    { operation, key, fingerprint: fingerprintOf(operation, parentId, content), parentId },
    work,
  );
}

/** A new record's screening and access group: what the body leaves out is none. */
function newProtection(screening: Screening | undefined, accessGroupId: string | null | undefined) {
  return {
    accessGroupId: accessGroupId ?? null,
    screeningCodeId: screening?.screeningCodeId ?? null,
    screenedFields: screening?.screenedFields ?? null,
    legalBasis: screening?.legalBasis ?? null,
  };
}

export function writeRoutes(router: Router, deps: Noark5Deps): void {
  const bodyLimit = bytesOf(deps.config.hardening.bodyLimit);
  const fileLimit = deps.config.documents.maxBytes;
  const json = (req: Request, writable: readonly string[], readOnly: readonly string[]) =>
    jsonBody(req, bodyLimit, writable, readOnly);
  /** The sender's key and the JSON body; the key first, so a bad one is refused unread. */
  const keyAndBody = async (
    req: Request,
    writable: readonly string[],
    readOnly: readonly string[],
  ): Promise<{ key: string | null; body: Body }> => {
    const key = keyOf(req);
    return { key, body: await json(req, writable, readOnly) };
  };

  // ---- Saksmappe ------------------------------------------------------------------------------

  /** The prefilled saksmappe: today, the sender's unit, the sender as saksansvarlig. */
  async function caseTemplate({ ctx }: Noark5Request): Promise<Noark5Result> {
    const sender = await senderOf(ctx.em, actorOf(ctx).userId);
    return template({
      saksdato: ctx.today,
      administrativEnhet: sender.unit?.name ?? null,
      referanseAdministrativEnhet: sender.unit?.id ?? null,
      saksansvarlig: sender.displayName,
      referanseSaksansvarlig: sender.id,
    });
  }

  async function newCase(
    request: Noark5Request,
    parentId: string,
    classId: string | null,
  ): Promise<Noark5Result> {
    const { req, ctx } = request;
    const { key, body } = await keyAndBody(req, CASE_WRITABLE, CASE_READ_ONLY);
    const sender = await senderOf(ctx.em, actorOf(ctx).userId);
    const outcome = await deliverUnder(ctx, key, 'NEW_CASE_FILE', parentId, body, async (em) => {
      const screening = await screeningOf(em, body);
      const id = await createCase(
        { ...ctx, em },
        {
          title: text(body, 'tittel', true)!,
          publicTitle: text(body, 'offentligTittel'),
          responsibleUnitId: await unitOf(em, body, sender),
          caseResponsibleId: await userRefOf(em, body, 'referanseSaksansvarlig'),
          ...newProtection(screening, await accessGroupOf(em, body)),
        },
      );
      if (classId)
        await setCaseClasses(
          { ...ctx, em },
          { id },
          { primaryClassId: classId, secondaryClassIds: [] },
        );
      return { kind: 'Case', id };
    });
    return answer(request, outcome, await caseEtag(ctx, outcome.record.id));
  }

  router.get(
    '/api/arkivstruktur/arkivdel/:id/ny-saksmappe',
    route(deps, async (request) => {
      await ensureActivePart(request.ctx, idParam(request.req, 'id', 'The arkivdel'));
      return caseTemplate(request);
    }),
  );
  router.post(
    '/api/arkivstruktur/arkivdel/:id/ny-saksmappe',
    deliveryRoute(deps, 'NEW_CASE_FILE', async (request) => {
      const id = idParam(request.req, 'id', 'The arkivdel');
      await ensureActivePart(request.ctx, id);
      return newCase(request, id, null);
    }),
  );
  router.get(
    '/api/arkivstruktur/klasse/:id/ny-saksmappe',
    route(deps, async (request) => {
      idParam(request.req, 'id', 'The klasse');
      return caseTemplate(request);
    }),
  );
  router.post(
    '/api/arkivstruktur/klasse/:id/ny-saksmappe',
    deliveryRoute(deps, 'NEW_CASE_FILE', (request) => {
      const id = idParam(request.req, 'id', 'The klasse');
      return newCase(request, id, id);
    }),
  );

  /**
   * Endre saksmappe: If-Match with the ETag the client read is required (428 without: a blind
   * overwrite is what optimistic concurrency exists to prevent); a stale one is 409 as the
   * standard's table says. A member left out keeps its value (never unscreened by omission);
   * null clears it.
   */
  router.put(
    '/api/sakarkiv/saksmappe/:id',
    deliveryRoute(deps, 'UPDATE_CASE_FILE', async (request) => {
      const { req, ctx } = request;
      const id = idParam(req, 'id', 'The saksmappe');
      const ifMatch = req.get('if-match');
      const version = /^(?:W\/)?"(\d+)"$/.exec(ifMatch?.trim() ?? '');
      if (!ifMatch) {
        throw new Refusal(
          428,
          'BAD_USER_INPUT',
          'Send If-Match with the ETag of the saksmappe you read: changes are made to the version read only',
        );
      }
      if (!version)
        throw badInput('If-Match', 'INVALID_FORMAT', 'If-Match is the ETag as read, e.g. "3"');
      const { key, body } = await keyAndBody(req, CASE_WRITABLE, CASE_READ_ONLY);
      const moved = [
        'administrativEnhet',
        'referanseAdministrativEnhet',
        'saksansvarlig',
        'referanseSaksansvarlig',
      ].filter((k) => k in body);
      for (const k of moved) delete body[k];
      const outcome = await deliverUnder(
        ctx,
        key,
        'UPDATE_CASE_FILE',
        id,
        { ...body, ifMatch: version[1] },
        async (em) => {
          const screening = await screeningOf(em, body);
          await updateCase(
            { ...ctx, em },
            { id, expectedVersion: Number(version[1]) },
            {
              ...('tittel' in body ? { title: text(body, 'tittel', true) } : {}),
              ...('offentligTittel' in body ? { publicTitle: text(body, 'offentligTittel') } : {}),
              ...(screening ?? {}),
              accessGroupId: await accessGroupOf(em, body),
            },
          );
          return { kind: 'Case', id };
        },
      );
      const result = await answer(request, outcome, await caseEtag(ctx, id));
      // An update makes nothing new: 200 either way.
      return { ...result, status: 200 };
    }),
  );

  // ---- Journalpost ----------------------------------------------------------------------------

  router.get(
    '/api/sakarkiv/saksmappe/:id/ny-journalpost',
    route(deps, async ({ req, ctx }) => {
      await visibleCase(ctx, idParam(req, 'id', 'The saksmappe'));
      return template({
        journalposttype: { kode: 'I', kodenavn: 'Inngående dokument' },
        dokumentetsDato: ctx.today,
      });
    }),
  );

  router.post(
    '/api/sakarkiv/saksmappe/:id/ny-journalpost',
    deliveryRoute(deps, 'NEW_JOURNAL_POST', async (request) => {
      const { req, ctx } = request;
      const caseId = idParam(req, 'id', 'The saksmappe');
      await visibleCase(ctx, caseId);
      const { key, body } = await keyAndBody(req, POST_WRITABLE, POST_READ_ONLY);
      const outcome = await deliverUnder(ctx, key, 'NEW_JOURNAL_POST', caseId, body, async (em) => {
        const screening = await screeningOf(em, body);
        const typeCode = code(body, 'journalposttype');
        if (!typeCode) throw badInput('journalposttype', 'REQUIRED', 'journalposttype is required');
        const parts = body.korrespondansepart;
        if (parts !== undefined && parts !== null && !Array.isArray(parts)) {
          throw badInput('korrespondansepart', 'INVALID_FORMAT', 'korrespondansepart is a list');
        }
        const correspondents = (Array.isArray(parts) ? (parts as Body[]) : []).map((p) =>
          correspondentOf(
            p,
            p.navn === undefined
              ? 'intern'
              : p.organisasjonsnummer !== undefined
                ? 'enhet'
                : 'person',
          ),
        );
        const id = await registerJournalPost(
          { ...ctx, em },
          {
            caseId,
            type: postTypeOf(typeCode),
            title: text(body, 'tittel', true)!,
            publicTitle: text(body, 'offentligTittel'),
            documentDate: date(body, 'dokumentetsDato'),
            dueDate: date(body, 'forfallsdato'),
            correspondents,
            responsibleId: await userRefOf(em, body, 'referanseSaksbehandler'),
            ...newProtection(screening, await accessGroupOf(em, body)),
          },
        );
        return { kind: 'JournalPost', id };
      });
      return answer(request, outcome);
    }),
  );

  // ---- Korrespondansepart ---------------------------------------------------------------------

  for (const kind of ['person', 'enhet', 'intern'] as const satisfies CorrespondentKind[]) {
    const path = `/api/sakarkiv/journalpost/:id/ny-korrespondansepart${kind}`;
    router.get(
      path,
      route(deps, async ({ req, ctx }) => {
        await visiblePost(ctx, idParam(req, 'id', 'The journalpost'));
        return template({ korrespondanseparttype: { kode: 'EA', kodenavn: 'Avsender' } });
      }),
    );
    router.post(
      path,
      deliveryRoute(deps, 'NEW_CORRESPONDENT', async (request) => {
        const { req, ctx } = request;
        const postId = idParam(req, 'id', 'The journalpost');
        await visiblePost(ctx, postId);
        const { key, body } = await keyAndBody(req, CORRESPONDENT_FIELDS[kind], READ_ONLY_COMMON);
        const outcome = await deliverUnder(
          ctx,
          key,
          'NEW_CORRESPONDENT',
          postId,
          { kind, ...body },
          async (em) => {
            await addCorrespondent({ ...ctx, em }, { id: postId }, correspondentOf(body, kind));
            const last = await em.findOneOrFail(
              Correspondent,
              { journalPost: postId },
              { orderBy: { position: 'desc' }, fields: ['id'] },
            );
            return { kind: 'Correspondent', id: last.id };
          },
        );
        return answer(request, outcome);
      }),
    );
  }

  // ---- Dokumentbeskrivelse --------------------------------------------------------------------

  const descriptionPaths = [
    '/api/arkivstruktur/registrering/:id/ny-dokumentbeskrivelse',
    '/api/sakarkiv/journalpost/:id/ny-dokumentbeskrivelse',
  ];
  for (const path of descriptionPaths) {
    router.get(
      path,
      route(deps, async ({ req, ctx }) => {
        await visiblePost(ctx, idParam(req, 'id', 'The registrering'));
        return template({
          tilknyttetRegistreringSom: { kode: 'H', kodenavn: 'Hoveddokument' },
          dokumentstatus: { kode: 'B', kodenavn: 'Dokumentet er under redigering' },
          dokumenttype: { kode: 'B', kodenavn: 'Brev' },
        });
      }),
    );
    router.post(
      path,
      deliveryRoute(deps, 'NEW_DOCUMENT_DESCRIPTION', async (request) => {
        const { req, ctx } = request;
        const postId = idParam(req, 'id', 'The registrering');
        await visiblePost(ctx, postId);
        const { key, body } = await keyAndBody(req, DESCRIPTION_WRITABLE, DESCRIPTION_READ_ONLY);
        const outcome = await deliverUnder(
          ctx,
          key,
          'NEW_DOCUMENT_DESCRIPTION',
          postId,
          body,
          async (em) => {
            const title = text(body, 'tittel', true)!;
            const roleCode = code(body, 'tilknyttetRegistreringSom');
            if (!roleCode) {
              throw badInput(
                'tilknyttetRegistreringSom',
                'REQUIRED',
                'tilknyttetRegistreringSom is required (H or V)',
              );
            }
            const role =
              roleCode.toUpperCase() === 'H'
                ? DocumentRole.MAIN
                : roleCode.toUpperCase() === 'V'
                  ? DocumentRole.ATTACHMENT
                  : null;
            if (!role) {
              throw badInput(
                'tilknyttetRegistreringSom',
                'NOT_ALLOWED',
                'tilknyttetRegistreringSom is H (hoveddokument) or V (vedlegg)',
              );
            }
            const screening = await screeningOf(em, body);
            const made =
              role === DocumentRole.MAIN
                ? await addMainDocument({ ...ctx, em }, { postId, title })
                : await addAttachment(
                    { ...ctx, em },
                    {
                      postId,
                      title,
                      screeningCodeId: screening?.screeningCodeId ?? null,
                    },
                  );
            return { kind: 'DocumentDescription', id: made.id };
          },
        );
        return answer(request, outcome);
      }),
    );
  }

  // ---- Dokumentobjekt and its file ------------------------------------------------------------

  router.get(
    '/api/arkivstruktur/dokumentbeskrivelse/:id/ny-dokumentobjekt',
    route(deps, async ({ req, ctx }) => {
      await visibleDescription(ctx, idParam(req, 'id', 'The dokumentbeskrivelse'));
      return template({
        variantformat: { kode: 'A', kodenavn: 'Arkivformat' },
        mimeType: PDF,
        sjekksumAlgoritme: 'SHA256',
      });
    }),
  );

  /**
   * Ny dokumentobjekt: a dokumentobjekt of Arkivgraf is a stored file, so none exists before its
   * bytes. The declaration is checked and answered 202 (accepted, nothing made) with the link to
   * upload the file to; the declared checksum and size ride on that link and the upload must match
   * them. The upload makes the dokumentobjekt (201 with its Location).
   */
  router.post(
    '/api/arkivstruktur/dokumentbeskrivelse/:id/ny-dokumentobjekt',
    route(deps, async ({ req, ctx, links }) => {
      const descriptionId = idParam(req, 'id', 'The dokumentbeskrivelse');
      await visibleDescription(ctx, descriptionId);
      const body = await json(req, OBJECT_WRITABLE, OBJECT_READ_ONLY);
      const variantText = code(body, 'variantformat');
      if (!variantText)
        throw badInput('variantformat', 'REQUIRED', 'variantformat is required (A, P or O)');
      const variant = variantOf(variantText);
      const algorithm = text(body, 'sjekksumAlgoritme');
      if (algorithm !== null && algorithm.replace('-', '').toUpperCase() !== 'SHA256') {
        throw badInput('sjekksumAlgoritme', 'NOT_ALLOWED', 'sjekksumAlgoritme is SHA256');
      }
      const checksum = text(body, 'sjekksum');
      if (checksum !== null && !/^[0-9a-fA-F]{64}$/.test(checksum)) {
        throw badInput('sjekksum', 'INVALID_FORMAT', 'sjekksum is the SHA-256 of the file in hex');
      }
      const size = body.filstoerrelse;
      if (
        size !== undefined &&
        size !== null &&
        !(Number.isInteger(Number(size)) && Number(size) > 0)
      ) {
        throw badInput('filstoerrelse', 'INVALID_FORMAT', 'filstoerrelse is the size in bytes');
      }
      const query = new URLSearchParams({ variantformat: variantCode(variant) });
      const fileName = safeFileName(text(body, 'filnavn'));
      if (fileName) query.set('filnavn', fileName);
      if (checksum) query.set('sjekksum', checksum.toLowerCase());
      if (size !== undefined && size !== null) query.set('filstoerrelse', String(Number(size)));
      const upload = links.href(
        `arkivstruktur/dokumentbeskrivelse/${descriptionId}/referanseFil?${query}`,
      );
      return {
        status: 202,
        body: {
          variantformat: body.variantformat,
          ...Object.fromEntries(
            OBJECT_WRITABLE.filter((k) => k !== 'variantformat' && body[k] !== undefined).map(
              (k) => [k, body[k]],
            ),
          ),
          _links: linkSet([
            [rel('arkivstruktur/fil'), upload],
            [
              rel('arkivstruktur/dokumentbeskrivelse'),
              links.href(`arkivstruktur/dokumentbeskrivelse/${descriptionId}/`),
            ],
          ]),
        },
      };
    }),
  );

  /** Fetch a query member as text. */
  const queryText = (req: Request, name: string): string | null => {
    const v = req.query[name];
    return typeof v === 'string' && v.trim() ? v.trim() : null;
  };

  /**
   * The file: Content-Type names its media type; within DOCUMENT_MAX_BYTES (413); the declared
   * sjekksum and filstoerrelse, when given, must match the bytes (400, nothing stored).
   */
  async function upload(
    request: Noark5Request,
    target: { descriptionId: string; variant: DocumentVariant; parentId: string },
    operation: DeliveryOperation,
  ): Promise<Noark5Result> {
    const { req, ctx } = request;
    const key = keyOf(req);
    const mediaType = mediaTypeOf(req.get('content-type'));
    if (!mediaType || essenceOf(mediaType) === 'application/json') {
      throw new Refusal(
        415,
        'BAD_USER_INPUT',
        'Send the file with its own Content-Type (e.g. application/pdf)',
      );
    }
    const declaredSum = queryText(req, 'sjekksum')?.toLowerCase() ?? null;
    const declaredSize = queryText(req, 'filstoerrelse');
    await visibleDescription(ctx, target.descriptionId);
    const content = await readBody(req, fileLimit, 'The file (DOCUMENT_MAX_BYTES)');
    if (content.length === 0) throw badInput('body', 'REQUIRED', 'The file is empty');
    if (mediaType === PDF && !startsLikePdf(content)) {
      throw badInput(
        'Content-Type',
        'NOT_ALLOWED',
        'The file is not a PDF, though Content-Type says application/pdf',
      );
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (declaredSum && declaredSum !== sha256) {
      throw badInput(
        'sjekksum',
        'NOT_ALLOWED',
        'The file does not match the sjekksum declared for it',
      );
    }
    if (declaredSize && Number(declaredSize) !== content.length) {
      throw badInput(
        'filstoerrelse',
        'NOT_ALLOWED',
        'The file does not have the filstoerrelse declared for it',
      );
    }
    const fileName = safeFileName(queryText(req, 'filnavn'));
    const outcome = await deliverUnder(
      ctx,
      key,
      operation,
      target.parentId,
      Buffer.concat([Buffer.from(`${target.variant}\n${fileName ?? ''}\n`), content]),
      async (em) => {
        const result = await uploadDocument(
          { ...ctx, em },
          {
            postId: null,
            descriptionId: target.descriptionId,
            variant: target.variant,
            mediaType,
            fileName,
            correctionReason: null,
            content: () => Promise.resolve(content),
          },
        );
        return { kind: 'Document', id: result.document.id };
      },
    );
    return answer(request, outcome);
  }

  router.post(
    '/api/arkivstruktur/dokumentbeskrivelse/:id/referanseFil',
    deliveryRoute(deps, 'NEW_DOCUMENT_OBJECT', (request) => {
      const descriptionId = idParam(request.req, 'id', 'The dokumentbeskrivelse');
      const variantText = queryText(request.req, 'variantformat');
      if (!variantText) {
        throw badInput(
          'variantformat',
          'REQUIRED',
          'Follow the referanseFil link of ny-dokumentobjekt: it names the variantformat',
        );
      }
      return upload(
        request,
        { descriptionId, variant: variantOf(variantText), parentId: descriptionId },
        'NEW_DOCUMENT_OBJECT',
      );
    }),
  );

  /** A new version of the file of an existing dokumentobjekt (same description and variant). */
  router.post(
    '/api/arkivstruktur/dokumentobjekt/:id/referanseFil',
    deliveryRoute(deps, 'UPLOAD_FILE', async (request) => {
      const id = idParam(request.req, 'id', 'The dokumentobjekt');
      const doc = await request.ctx.em.findOne(
        Document,
        { id },
        { fields: ['description', 'variant'] },
      );
      if (!doc) throw notFound('The dokumentobjekt');
      return upload(
        request,
        { descriptionId: doc.description.id, variant: doc.variant, parentId: id },
        'UPLOAD_FILE',
      );
    }),
  );
}
