import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Router } from 'express';
import { attachmentDisposition, documentById, readContent } from '../../../domain/documents';
import { notFound } from '../../../domain/errors';
import { DocumentVariant } from '../../../entities/Document';
import { descriptionsOfPosts, documentsOfDescriptions } from '../../../queries/documents';
import {
  fixedOrder,
  JOURNALPOST_LIST,
  ORDERS,
  SAKSMAPPE_LIST,
  SCOPES,
} from '../../../queries/noark5/lists';
import {
  activeArkivdel,
  arkivdeler,
  arkiver,
  correspondentsOfPosts,
  documentObjectsById,
  journalposter,
  klasser,
  klassifikasjonssystemer,
  saksmapper,
} from '../../../queries/noark5/records';
import { type Noark5Deps, type Noark5Request, type Noark5Result, noark5Route } from '../http';
import { type Links, linkSet, rel } from '../links';
import { PATHS } from '../representations/paths';
import { correspondentType, etagOf, type Noark5Kind, objectsOf, rowOf } from '../resources';
import { pagedList, wholeList } from './lists';

/**
 * The reads of the service interface (docs/noark5-service-interface.md, "Conformance table"): the
 * listings of arkivstruktur and sakarkiv, the lists and single records from the archive down to
 * a file, every one over the visible relations of queries/noark5 (the same SQL GraphQL reads). A
 * record the caller does not see is 404, as is every path below it.
 */

const WHAT: Record<Noark5Kind, string> = {
  arkiv: 'The arkiv',
  arkivdel: 'The arkivdel',
  klassifikasjonssystem: 'The klassifikasjonssystem',
  klasse: 'The klasse',
  saksmappe: 'The saksmappe',
  journalpost: 'The journalpost',
  korrespondansepart: 'The korrespondansepart',
  dokumentbeskrivelse: 'The dokumentbeskrivelse',
  dokumentobjekt: 'The dokumentobjekt',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record a path names, as the viewer sees it; 404 when they do not (or the id is none). */
async function visible<T>(request: Noark5Request, kind: Noark5Kind): Promise<T> {
  const id = String(request.req.params.id);
  const row = UUID.test(id) ? await rowOf(request.ctx, kind, id) : undefined;
  if (!row) throw notFound(WHAT[kind]);
  return row as T;
}

/** A single record; saksmappe and journalpost with their ETag, and 304 when it still matches. */
async function single(request: Noark5Request, kind: Noark5Kind): Promise<Noark5Result> {
  const row = await visible<{ version?: number }>(request, kind);
  const headers: Record<string, string> = {};
  if ((kind === 'saksmappe' || kind === 'journalpost') && row.version !== undefined) {
    const etag = etagOf(row.version);
    headers.ETag = etag;
    const match = request.req.get('if-none-match');
    if (match?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      return { status: 304, headers };
    }
  }
  const [object] = await objectsOf(request, kind, [row]);
  return { status: 200, body: object, headers };
}

/** The listing of arkivstruktur or sakarkiv: what a client may read (and create) there. */
function arkivstrukturListing(links: Links) {
  return linkSet([
    ['self', links.href('arkivstruktur/')],
    [rel('arkivstruktur/arkiv'), links.href('arkivstruktur/arkiv/')],
    [rel('arkivstruktur/arkivdel'), links.href('arkivstruktur/arkivdel/')],
    [
      rel('arkivstruktur/klassifikasjonssystem'),
      links.href('arkivstruktur/klassifikasjonssystem/'),
    ],
  ]);
}

/** The acceptable answer to `Accept`: absent, `*\/*`, `type/*` or the file's own media type. */
function accepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return true;
  const [type] = mediaType.split('/');
  return accept.split(',').some((part) => {
    const range = part.split(';')[0]!.trim().toLowerCase();
    return range === '*/*' || range === mediaType.toLowerCase() || range === `${type}/*`;
  });
}

export function readRoutes(router: Router, deps: Noark5Deps): void {
  const get = (path: string, handler: (request: Noark5Request) => Promise<Noark5Result>) =>
    router.get(path, noark5Route(deps, handler));

  get('/api/arkivstruktur', ({ links }) =>
    Promise.resolve({ status: 200, body: { _links: arkivstrukturListing(links) } }),
  );

  get('/api/sakarkiv', async ({ ctx, links }) => {
    const entries: [string, string][] = [
      ['self', links.href('sakarkiv/')],
      [rel('sakarkiv/saksmappe'), links.href('sakarkiv/saksmappe/')],
      [rel('sakarkiv/journalpost'), links.href('sakarkiv/journalpost/')],
    ];
    // A new case goes to the archive part of the active period, when there is one.
    if (ctx.ability.can('create', 'Case')) {
      const active = await activeArkivdel(ctx.em, ctx.ability);
      if (active)
        entries.push([
          rel('sakarkiv/ny-saksmappe'),
          links.href(PATHS.nySaksmappeInArkivdel(active)),
        ]);
    }
    return { status: 200, body: { _links: linkSet(entries) } };
  });

  // Arkiv and arkivdel
  get('/api/arkivstruktur/arkiv', (r) =>
    pagedList(
      r,
      'arkiv',
      'arkivstruktur/arkiv/',
      arkiver(r.ctx.ability),
      [],
      fixedOrder([ORDERS.byTitle]),
    ),
  );
  get('/api/arkivstruktur/arkiv/:id', (r) => single(r, 'arkiv'));
  get('/api/arkivstruktur/arkiv/:id/arkivdel', async (r) => {
    const arkiv = await visible<{ id: string }>(r, 'arkiv');
    return pagedList(
      r,
      'arkivdel',
      PATHS.arkivdelerOfArkiv(arkiv.id),
      arkivdeler(r.ctx.ability),
      [SCOPES.arkiv(arkiv.id)],
      fixedOrder([ORDERS.byPeriodStart]),
    );
  });
  get('/api/arkivstruktur/arkivdel', (r) =>
    pagedList(
      r,
      'arkivdel',
      'arkivstruktur/arkivdel/',
      arkivdeler(r.ctx.ability),
      [],
      fixedOrder([ORDERS.byPeriodStart]),
    ),
  );
  get('/api/arkivstruktur/arkivdel/:id', (r) => single(r, 'arkivdel'));
  // Every mappe of ours is a saksmappe: the standard's arkivstruktur/mappe list of a part is that.
  const mapperOfArkivdel = async (r: Noark5Request) => {
    const part = await visible<{ id: string }>(r, 'arkivdel');
    return pagedList(
      r,
      'saksmappe',
      PATHS.mapperOfArkivdel(part.id),
      saksmapper(r.ctx.ability, r.ctx.today),
      [SCOPES.arkivdel(part.id)],
      SAKSMAPPE_LIST,
    );
  };
  get('/api/arkivstruktur/arkivdel/:id/mappe', mapperOfArkivdel);
  get('/api/arkivstruktur/arkivdel/:id/saksmappe', mapperOfArkivdel);

  // Klassifikasjonssystem and klasse
  get('/api/arkivstruktur/klassifikasjonssystem', (r) =>
    pagedList(
      r,
      'klassifikasjonssystem',
      'arkivstruktur/klassifikasjonssystem/',
      klassifikasjonssystemer(r.ctx.ability),
      [],
      fixedOrder([ORDERS.byTitle]),
    ),
  );
  get('/api/arkivstruktur/klassifikasjonssystem/:id', (r) => single(r, 'klassifikasjonssystem'));
  get('/api/arkivstruktur/klassifikasjonssystem/:id/klasse', async (r) => {
    const system = await visible<{ id: string }>(r, 'klassifikasjonssystem');
    return pagedList(
      r,
      'klasse',
      PATHS.klasserOfSystem(system.id),
      klasser(r.ctx.ability),
      [SCOPES.klassifikasjonssystem(system.id)],
      fixedOrder([ORDERS.byClassId]),
    );
  });
  get('/api/arkivstruktur/klasse/:id', (r) => single(r, 'klasse'));
  get('/api/arkivstruktur/klasse/:id/underklasse', async (r) => {
    const parent = await visible<{ id: string }>(r, 'klasse');
    return pagedList(
      r,
      'klasse',
      PATHS.underklasser(parent.id),
      klasser(r.ctx.ability),
      [SCOPES.overklasse(parent.id)],
      fixedOrder([ORDERS.byClassId]),
    );
  });

  // Saksmappe and journalpost
  get('/api/sakarkiv/saksmappe', (r) =>
    pagedList(
      r,
      'saksmappe',
      'sakarkiv/saksmappe/',
      saksmapper(r.ctx.ability, r.ctx.today),
      [],
      SAKSMAPPE_LIST,
    ),
  );
  get('/api/sakarkiv/saksmappe/:id', (r) => single(r, 'saksmappe'));
  get('/api/sakarkiv/saksmappe/:id/journalpost', async (r) => {
    const saksmappe = await visible<{ id: string }>(r, 'saksmappe');
    return pagedList(
      r,
      'journalpost',
      PATHS.journalposterOfSaksmappe(saksmappe.id),
      journalposter(r.ctx.ability, r.ctx.today),
      [SCOPES.saksmappe(saksmappe.id)],
      JOURNALPOST_LIST,
    );
  });
  get('/api/sakarkiv/journalpost', (r) =>
    pagedList(
      r,
      'journalpost',
      'sakarkiv/journalpost/',
      journalposter(r.ctx.ability, r.ctx.today),
      [],
      JOURNALPOST_LIST,
    ),
  );
  get('/api/sakarkiv/journalpost/:id', (r) => single(r, 'journalpost'));

  // Korrespondansepart: every correspondent of a post (a post has a handful).
  const correspondentsOfPost = async (r: Noark5Request) => {
    const post = await visible<{ id: string }>(r, 'journalpost');
    const rows = await correspondentsOfPosts(r.ctx.em, r.ctx.ability, r.ctx.today, [post.id]);
    return wholeList(
      r,
      'korrespondansepart',
      PATHS.korrespondanseparterOfJournalpost(post.id),
      rows,
    );
  };
  get('/api/sakarkiv/journalpost/:id/korrespondansepart', correspondentsOfPost);
  get('/api/arkivstruktur/registrering/:id/korrespondansepart', correspondentsOfPost);
  for (const type of ['person', 'enhet', 'intern'] as const) {
    get(`/api/arkivstruktur/korrespondansepart${type}/:id`, async (r) => {
      const row = await visible<{ role: never; is_person: boolean }>(r, 'korrespondansepart');
      // The same correspondent under another type's path is not this resource.
      if (correspondentType(row) !== type) throw notFound(WHAT.korrespondansepart);
      const [object] = await objectsOf(r, 'korrespondansepart', [row]);
      return { status: 200, body: object };
    });
  }

  // Dokumentbeskrivelse: every description of a post (at most MAX_DOCUMENTS_PER_POST).
  const descriptionsOfPost = async (r: Noark5Request) => {
    const post = await visible<{ id: string }>(r, 'journalpost');
    const rows = await descriptionsOfPosts(r.ctx.em, r.ctx.ability, r.ctx.today, [post.id]);
    return wholeList(
      r,
      'dokumentbeskrivelse',
      PATHS.dokumentbeskrivelserOfRegistrering(post.id),
      rows,
    );
  };
  get('/api/arkivstruktur/registrering/:id/dokumentbeskrivelse', descriptionsOfPost);
  get('/api/sakarkiv/journalpost/:id/dokumentbeskrivelse', descriptionsOfPost);
  get('/api/arkivstruktur/dokumentbeskrivelse/:id', (r) => single(r, 'dokumentbeskrivelse'));

  // Dokumentobjekt: the current file of each variant the viewer may fetch.
  get('/api/arkivstruktur/dokumentbeskrivelse/:id/dokumentobjekt', async (r) => {
    const description = await visible<{ id: string }>(r, 'dokumentbeskrivelse');
    const rows = await documentsOfDescriptions(r.ctx.em, r.ctx.ability, [description.id]);
    return wholeList(
      r,
      'dokumentobjekt',
      PATHS.dokumentobjekterOfBeskrivelse(description.id),
      rows,
    );
  });
  get('/api/arkivstruktur/dokumentobjekt/:id', (r) => single(r, 'dokumentobjekt'));
  get('/api/arkivstruktur/dokumentobjekt/:id/referanseFil', async (r) => {
    const { req, ctx, accessLog } = r;
    const id = String(req.params.id);
    const [file] = UUID.test(id) ? await documentObjectsById(ctx.em, ctx.ability, [id]) : [];
    const meta = file ? await documentById(ctx.em, file.id) : null;
    if (!file || !meta) throw notFound(WHAT.dokumentobjekt);
    const feil = (kode: number, code: string, beskrivelse: string) => ({
      status: kode,
      body: { feil: { kode, beskrivelse }, arkivgraf: { code, requestId: ctx.requestId } },
    });
    if (meta.disposed) {
      return feil(
        410,
        'GONE',
        'The document has been disposed of (kassert): its file no longer exists',
      );
    }
    if (!accepts(req.get('accept'), meta.mediaType)) {
      return feil(
        406,
        'BAD_REQUEST',
        `The file is ${meta.mediaType}; ask for it with Accept: ${meta.mediaType} or */*`,
      );
    }
    // A full read of the post's content, as the documents route notes it (services/accessLog.ts).
    if (meta.variant !== DocumentVariant.PUBLIC)
      accessLog.noteRead('JournalPost', meta.journalPostId);
    const etag = `"${meta.sha256}"`;
    const headers: Record<string, string> = {
      'Content-Type': meta.mediaType,
      'Content-Disposition': attachmentDisposition(meta.fileName),
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    };
    const match = req.get('if-none-match');
    if (match?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      return { status: 304, headers, stream: () => Promise.resolve() };
    }
    return {
      status: 200,
      headers: { ...headers, 'Content-Length': String(meta.size) },
      stream: async (res, em) => {
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        await pipeline(Readable.from(readContent(em, meta)), res);
      },
    };
  });
}
