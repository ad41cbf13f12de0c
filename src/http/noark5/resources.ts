import { CorrespondentRole, type ScreenedField } from '../../entities/enums';
import { DocumentVariant } from '../../entities/Document';
import { screeningMetadata } from '../../exports/arkivstruktur/codes';
import { refuseDocumentWrite } from '../../policies/documents';
import { asSubject } from '../../policies/subjects';
import { type ClassRow } from '../../queries/classification';
import { caseFacts, journalPostFacts } from '../../queries/facts';
import { type DescriptionRow, descriptionsById, type DocumentRow } from '../../queries/documents';
import {
  ARKIVDELSTATUS,
  ARKIVSTATUS,
  DOKUMENTSTATUS,
  JOURNALPOSTTYPE,
  JOURNALSTATUS,
  KLASSIFIKASJONSTYPE,
  KORRESPONDANSEPARTTYPE,
  SAKSSTATUS,
  SKJERMING_HELE_DOKUMENTET,
  SKJERMING_METADATA,
  TILKNYTTET_REGISTRERING_SOM,
  VARIANTFORMAT,
} from '../../queries/noark5/codes';
import {
  arkivdeler,
  arkiver,
  correspondentsById,
  documentObjectsById,
  type JournalpostRow,
  journalposter,
  klasser,
  klassifikasjonssystemer,
  type KorrespondansepartRow,
  rowsById,
  type SaksmappeRow,
  saksmapper,
  userNames,
} from '../../queries/noark5/records';
import { type AccessLog } from '../../services/accessLog';
import { type ServiceContext } from '../../services/context';
import { caseWrites, journalPostWrites } from '../../services/viewerCan';
import { type LinkSet, type Links, linkSet, rel } from './links';
import { PATHS } from './representations/paths';

/**
 * The records of the service interface in the standard's JSON (chapter 7 of the
 * tjenestegrensesnitt; docs/noark5-service-interface.md, "Field mappings"), from the rows of
 * queries/noark5: what a REDACTED reader gets is what the SQL gave them (the public title, no
 * screened names, no people), never a second redaction here. Every record carries `_links`: itself,
 * its entity's relation, its parent and children, and the write relations (`ny-*`) only where
 * the viewer may do that write now (services/viewerCan.ts, policies/documents.ts).
 */

/** The entities of the service interface, by the standard's names. */
export type Noark5Kind =
  | 'arkiv'
  | 'arkivdel'
  | 'klassifikasjonssystem'
  | 'klasse'
  | 'saksmappe'
  | 'journalpost'
  | 'korrespondansepart'
  | 'dokumentbeskrivelse'
  | 'dokumentobjekt';

/** One record in the standard's JSON field names, with its `_links`. */
export type Noark5Object = Record<string, unknown> & { systemID: string; _links: LinkSet };

/** The ETag of a saksmappe or journalpost: its version, as a strong entity tag (`"<version>"`). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The key of `vnd-arkivgraf-v1:tilgangsgruppe` in virksomhetsspesifikkeMetadata. */
export const ACCESS_GROUP_KEY = 'vnd-arkivgraf-v1:tilgangsgruppe';

type Entry = readonly [string, string, boolean?];

/** A day (YYYY-MM-DD) as PostgreSQL or the driver gives it. */
function day(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) {
    const m = String(v.getMonth() + 1).padStart(2, '0');
    const d = String(v.getDate()).padStart(2, '0');
    return `${v.getFullYear()}-${m}-${d}`;
  }
  return String(v).slice(0, 10);
}

/** A moment in ISO 8601 (UTC). */
function moment(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return new Date(v instanceof Date ? v : String(v)).toISOString();
}

/** The object without its undefined members: the standard leaves out what a record lacks. */
function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

interface Screened {
  screening_active: boolean;
  screening_code: string | null;
  screening_code_name: string | null;
  screening_code_legal_basis: string | null;
  legal_basis: string | null;
  screened_fields: ScreenedField[];
  screening_expires_on: string | null;
}

/** Skjerming of a saksmappe or journalpost while its screening applies. */
function skjerming(r: Screened, level: 'mappe' | 'registrering') {
  if (!r.screening_active || !r.screening_code) return undefined;
  return present({
    tilgangsrestriksjon: { kode: r.screening_code, kodenavn: r.screening_code_name },
    skjermingshjemmel: r.legal_basis ?? r.screening_code_legal_basis ?? undefined,
    skjermingMetadata: screeningMetadata(level, r.screened_fields).map((kodenavn) => ({
      kode: SKJERMING_METADATA[kodenavn],
      kodenavn,
    })),
    skjermingOpphoererDato: day(r.screening_expires_on),
  });
}

/** The access group (no field of the standard), only where the viewer reads the record in full. */
function accessGroupMetadata(name: string | null) {
  return name ? { [ACCESS_GROUP_KEY]: name } : undefined;
}

function withLinks(
  fields: Record<string, unknown>,
  id: string,
  links: Links,
  self: string,
  entries: Entry[],
): Noark5Object {
  return {
    systemID: id,
    ...present(fields),
    _links: linkSet([['self', links.href(self)], ...entries]),
  } as Noark5Object;
}

/** What a representation needs of a request. */
export interface RenderContext {
  ctx: ServiceContext;
  links: Links;
  accessLog: AccessLog;
}

async function saksmappeObjects(r: RenderContext, rows: SaksmappeRow[]): Promise<Noark5Object[]> {
  const { ctx, links } = r;
  r.accessLog.noteRows('Case', rows);
  const facts = await caseFacts(
    ctx.em,
    rows.map((c) => c.id),
  );
  return rows.map((c) => {
    const f = facts.get(c.id);
    const mayRegister = f ? caseWrites(ctx.ability, f).registerIncoming : false;
    const self = PATHS.saksmappe(c.id);
    const entries: Entry[] = [
      [rel('sakarkiv/saksmappe'), links.href(self)],
      [rel('arkivstruktur/arkivdel'), links.href(PATHS.arkivdel(c.archive_part_id))],
      [rel('sakarkiv/journalpost'), links.href(PATHS.journalposterOfSaksmappe(c.id))],
      // The standard's generic relations (mappe → registrering) name the same list.
      [rel('arkivstruktur/registrering'), links.href(PATHS.journalposterOfSaksmappe(c.id))],
    ];
    if (c.primary_class_id) {
      entries.push([rel('arkivstruktur/klasse'), links.href(PATHS.klasse(c.primary_class_id))]);
    }
    if (mayRegister)
      entries.push([rel('sakarkiv/ny-journalpost'), links.href(PATHS.nyJournalpost(c.id))]);
    return withLinks(
      {
        mappeID: c.case_number,
        tittel: c.title,
        offentligTittel: c.public_title,
        saksaar: c.case_year,
        sakssekvensnummer: c.case_sequence,
        saksdato: day(c.created_at),
        administrativEnhet: c.unit_name,
        referanseAdministrativEnhet: c.responsible_unit_id,
        saksansvarlig: c.case_responsible_name ?? undefined,
        referanseSaksansvarlig: c.case_responsible_id ?? undefined,
        saksstatus: SAKSSTATUS[c.status],
        skjerming: skjerming(c, 'mappe'),
        opprettetDato: moment(c.created_at),
        opprettetAv: c.created_by_name ?? undefined,
        referanseOpprettetAv: c.created_by_id ?? undefined,
        avsluttetDato: moment(c.closed_at),
        virksomhetsspesifikkeMetadata: accessGroupMetadata(c.access_group_name),
      },
      c.id,
      links,
      self,
      entries,
    );
  });
}

async function journalpostObjects(
  r: RenderContext,
  rows: JournalpostRow[],
): Promise<Noark5Object[]> {
  const { ctx, links } = r;
  r.accessLog.noteRows('JournalPost', rows);
  const facts = await journalPostFacts(
    ctx.em,
    rows.map((p) => p.id),
  );
  return rows.map((p) => {
    const f = facts.get(p.id);
    const mayChange = f ? journalPostWrites(ctx.ability, f).update : false;
    const self = PATHS.journalpost(p.id);
    const entries: Entry[] = [
      [rel('sakarkiv/journalpost'), links.href(self)],
      [rel('sakarkiv/saksmappe'), links.href(PATHS.saksmappe(p.case_id))],
      [rel('arkivstruktur/mappe'), links.href(PATHS.saksmappe(p.case_id))],
      [
        rel('arkivstruktur/korrespondansepart'),
        links.href(PATHS.korrespondanseparterOfJournalpost(p.id)),
      ],
      [
        rel('arkivstruktur/dokumentbeskrivelse'),
        links.href(PATHS.dokumentbeskrivelserOfRegistrering(p.id)),
      ],
    ];
    if (mayChange) {
      for (const type of ['person', 'enhet', 'intern'] as const) {
        entries.push([
          rel(`arkivstruktur/ny-korrespondansepart${type}`),
          links.href(PATHS.nyKorrespondansepart(p.id, type)),
        ]);
      }
      entries.push([
        rel('arkivstruktur/ny-dokumentbeskrivelse'),
        links.href(PATHS.nyDokumentbeskrivelse(p.id)),
      ]);
    }
    return withLinks(
      {
        registreringsID: `${p.case_number}-${p.document_number}`,
        tittel: p.title,
        offentligTittel: p.public_title,
        journalaar: p.journal_year,
        journalsekvensnummer: p.journal_sequence_number,
        journalpostnummer: p.document_number,
        journalposttype: JOURNALPOSTTYPE[p.type],
        journalstatus: JOURNALSTATUS[p.status],
        journaldato: day(p.journal_date),
        dokumentetsDato: day(p.document_date),
        mottattDato: day(p.received_date),
        forfallsdato: day(p.due_date),
        offentlighetsvurdertDato: day(p.screening_assessed_on),
        antallVedlegg: p.attachment_count,
        administrativEnhet: p.unit_name,
        referanseAdministrativEnhet: p.responsible_unit_id,
        saksbehandler: p.responsible_name ?? undefined,
        referanseSaksbehandler: p.responsible_id ?? undefined,
        skjerming: skjerming(p, 'registrering'),
        opprettetDato: moment(p.created_at),
        opprettetAv: p.created_by_name ?? undefined,
        referanseOpprettetAv: p.created_by_id ?? undefined,
        virksomhetsspesifikkeMetadata: accessGroupMetadata(p.access_group_name),
      },
      p.id,
      links,
      self,
      entries,
    );
  });
}

/** korrespondansepartperson, -enhet or -intern by the correspondent's role and kind. */
export function correspondentType(c: Pick<KorrespondansepartRow, 'role' | 'is_person'>) {
  const internal = [
    CorrespondentRole.INTERNAL_SENDER,
    CorrespondentRole.INTERNAL_RECIPIENT,
    CorrespondentRole.INTERNAL_COPY_RECIPIENT,
  ].includes(c.role);
  return internal ? 'intern' : c.is_person ? 'person' : 'enhet';
}

function korrespondansepartObjects(
  r: RenderContext,
  rows: KorrespondansepartRow[],
): Noark5Object[] {
  const { links } = r;
  // Names and addresses are the post's content: the access log decides in SQL whether this
  // viewer read them in full through a role or a membership (services/accessLog.ts).
  for (const postId of new Set(rows.map((c) => c.journal_post_id))) {
    r.accessLog.noteRead('JournalPost', postId);
  }
  return rows.map((c) => {
    const type = correspondentType(c);
    const self = PATHS.korrespondansepart(c.id, type);
    // A screened name the viewer may not see is the marker, as in the public journal.
    const name = c.name ?? '*****';
    const fields: Record<string, unknown> = {
      korrespondanseparttype: KORRESPONDANSEPARTTYPE[c.role],
      ...(type === 'person'
        ? {
            navn: name,
            personidentifikator: c.national_id ? [{ foedselsnummer: c.national_id }] : undefined,
          }
        : type === 'enhet'
          ? {
              navn: name,
              enhetsidentifikator: c.organization_number
                ? { organisasjonsnummer: c.organization_number }
                : undefined,
            }
          : { saksbehandler: name }),
      postadresse: c.address ? { adresselinje1: c.address } : undefined,
      kontaktinformasjon: c.email ? { epostadresse: c.email } : undefined,
    };
    return withLinks(fields, c.id, links, self, [
      [rel(`arkivstruktur/korrespondansepart${type}`), links.href(self)],
      [rel('sakarkiv/journalpost'), links.href(PATHS.journalpost(c.journal_post_id))],
    ]);
  });
}

async function dokumentbeskrivelseObjects(
  r: RenderContext,
  rows: DescriptionRow[],
): Promise<Noark5Object[]> {
  const { ctx, links } = r;
  for (const d of rows) if (d.is_full) r.accessLog.noteRead('JournalPost', d.journal_post_id);
  const posts = await journalPostFacts(ctx.em, [...new Set(rows.map((d) => d.journal_post_id))]);
  return rows.map((d) => {
    const post = posts.get(d.journal_post_id);
    const fields = post ? { ...post, descriptionId: d.id, descriptionScreened: d.screened } : null;
    const mayUpload =
      post !== undefined &&
      fields !== null &&
      journalPostWrites(ctx.ability, post).update &&
      refuseDocumentWrite(
        ctx.ability,
        'upload',
        post,
        asSubject('Document', { ...fields, variant: DocumentVariant.PRODUCTION }),
        asSubject('DocumentDescription', fields),
      ) === null;
    const self = PATHS.dokumentbeskrivelse(d.id);
    const entries: Entry[] = [
      [rel('arkivstruktur/dokumentbeskrivelse'), links.href(self)],
      [rel('arkivstruktur/dokumentobjekt'), links.href(PATHS.dokumentobjekterOfBeskrivelse(d.id))],
      [rel('sakarkiv/journalpost'), links.href(PATHS.journalpost(d.journal_post_id))],
      [rel('arkivstruktur/registrering'), links.href(PATHS.journalpost(d.journal_post_id))],
    ];
    if (mayUpload)
      entries.push([
        rel('arkivstruktur/ny-dokumentobjekt'),
        links.href(PATHS.nyDokumentobjekt(d.id)),
      ]);
    return withLinks(
      {
        dokumenttype: { kode: 'Ikke angitt', kodenavn: 'Ikke angitt' },
        dokumentstatus: DOKUMENTSTATUS[d.status],
        tittel: d.title,
        tilknyttetRegistreringSom: TILKNYTTET_REGISTRERING_SOM[d.role],
        dokumentnummer: d.document_number,
        skjerming: d.screened ? { skjermingDokument: SKJERMING_HELE_DOKUMENTET } : undefined,
        opprettetDato: moment(d.created_at),
      },
      d.id,
      links,
      self,
      entries,
    );
  });
}

async function dokumentobjektObjects(
  r: RenderContext,
  rows: DocumentRow[],
): Promise<Noark5Object[]> {
  const { ctx, links } = r;
  const names = await userNames(
    ctx.em,
    rows.flatMap((d) => (d.uploaded_by_id ? [d.uploaded_by_id] : [])),
  );
  return rows.map((d) => {
    const self = PATHS.dokumentobjekt(d.id);
    const file = links.href(PATHS.referanseFil(d.id));
    return withLinks(
      {
        versjonsnummer: d.version,
        variantformat: VARIANTFORMAT[d.variant],
        format: { kode: d.format ?? d.media_type },
        mimeType: d.media_type,
        filnavn: d.file_name,
        filstoerrelse: Number(d.size),
        sjekksum: d.sha256,
        sjekksumAlgoritme: 'SHA-256',
        referanseDokumentfil: file,
        opprettetDato: moment(d.uploaded_at),
        opprettetAv: d.uploaded_by_id ? names.get(d.uploaded_by_id) : undefined,
        referanseOpprettetAv: d.uploaded_by_id ?? undefined,
      },
      d.id,
      links,
      self,
      [
        [rel('arkivstruktur/dokumentobjekt'), links.href(self)],
        [
          rel('arkivstruktur/dokumentbeskrivelse'),
          links.href(PATHS.dokumentbeskrivelse(d.document_description_id)),
        ],
        [rel('arkivstruktur/fil'), file],
      ],
    );
  });
}

interface ArkivRow {
  id: string;
  title: string;
  description: string | null;
  status: 'OPEN' | 'CLOSED';
  records_creator_name: string;
  created_at: string;
}

function arkivObjects(r: RenderContext, rows: ArkivRow[]): Noark5Object[] {
  const { links } = r;
  return rows.map((a) => {
    const self = PATHS.arkiv(a.id);
    return withLinks(
      {
        tittel: a.title,
        beskrivelse: a.description ?? undefined,
        arkivstatus: ARKIVSTATUS[a.status],
        arkivskaper: [{ arkivskaperNavn: a.records_creator_name }],
        opprettetDato: moment(a.created_at),
      },
      a.id,
      links,
      self,
      [
        [rel('arkivstruktur/arkiv'), links.href(self)],
        [rel('arkivstruktur/arkivdel'), links.href(PATHS.arkivdelerOfArkiv(a.id))],
      ],
    );
  });
}

interface ArkivdelRow {
  id: string;
  archive_id: string;
  title: string;
  status: keyof typeof ARKIVDELSTATUS;
  period_start: string;
  period_end: string | null;
  created_at: string;
}

function arkivdelObjects(r: RenderContext, rows: ArkivdelRow[]): Noark5Object[] {
  const { ctx, links } = r;
  const mayCreate = ctx.ability.can('create', 'Case');
  return rows.map((p) => {
    const self = PATHS.arkivdel(p.id);
    const entries: Entry[] = [
      [rel('arkivstruktur/arkivdel'), links.href(self)],
      [rel('arkivstruktur/arkiv'), links.href(PATHS.arkiv(p.archive_id))],
      [rel('arkivstruktur/mappe'), links.href(PATHS.mapperOfArkivdel(p.id))],
    ];
    // New cases go to the part of the active period only (domain/archiveParts.ts).
    if (mayCreate && p.status === 'ACTIVE') {
      entries.push([rel('sakarkiv/ny-saksmappe'), links.href(PATHS.nySaksmappeInArkivdel(p.id))]);
    }
    return withLinks(
      {
        tittel: p.title,
        arkivdelstatus: ARKIVDELSTATUS[p.status],
        arkivperiodeStartDato: day(p.period_start),
        arkivperiodeSluttDato: day(p.period_end),
        opprettetDato: moment(p.created_at),
      },
      p.id,
      links,
      self,
      entries,
    );
  });
}

interface SystemRow {
  id: string;
  title: string;
  description: string | null;
  type: keyof typeof KLASSIFIKASJONSTYPE;
  created_at: string;
}

function klassifikasjonssystemObjects(r: RenderContext, rows: SystemRow[]): Noark5Object[] {
  const { links } = r;
  return rows.map((s) => {
    const self = PATHS.klassifikasjonssystem(s.id);
    return withLinks(
      {
        tittel: s.title,
        beskrivelse: s.description ?? undefined,
        klassifikasjonstype: KLASSIFIKASJONSTYPE[s.type],
        opprettetDato: moment(s.created_at),
      },
      s.id,
      links,
      self,
      [
        [rel('arkivstruktur/klassifikasjonssystem'), links.href(self)],
        [rel('arkivstruktur/klasse'), links.href(PATHS.klasserOfSystem(s.id))],
      ],
    );
  });
}

function klasseObjects(r: RenderContext, rows: ClassRow[]): Noark5Object[] {
  const { ctx, links } = r;
  const mayCreate = ctx.ability.can('create', 'Case');
  return rows.map((k) => {
    const self = PATHS.klasse(k.id);
    const entries: Entry[] = [
      [rel('arkivstruktur/klasse'), links.href(self)],
      [
        rel('arkivstruktur/klassifikasjonssystem'),
        links.href(PATHS.klassifikasjonssystem(k.system_id)),
      ],
      [rel('arkivstruktur/underklasse'), links.href(PATHS.underklasser(k.id))],
    ];
    if (k.parent_id)
      entries.push([rel('arkivstruktur/overklasse'), links.href(PATHS.klasse(k.parent_id))]);
    if (mayCreate)
      entries.push([rel('sakarkiv/ny-saksmappe'), links.href(PATHS.nySaksmappeInKlasse(k.id))]);
    return withLinks({ klasseID: k.class_id, tittel: k.title }, k.id, links, self, entries);
  });
}

/** The objects of rows of `kind` as the list queries return them, in their order. */
export function objectsOf(
  r: RenderContext,
  kind: Noark5Kind,
  rows: unknown[],
): Promise<Noark5Object[]> {
  switch (kind) {
    case 'saksmappe':
      return saksmappeObjects(r, rows as SaksmappeRow[]);
    case 'journalpost':
      return journalpostObjects(r, rows as JournalpostRow[]);
    case 'korrespondansepart':
      return Promise.resolve(korrespondansepartObjects(r, rows as KorrespondansepartRow[]));
    case 'dokumentbeskrivelse':
      return dokumentbeskrivelseObjects(r, rows as DescriptionRow[]);
    case 'dokumentobjekt':
      return dokumentobjektObjects(r, rows as DocumentRow[]);
    case 'arkiv':
      return Promise.resolve(arkivObjects(r, rows as ArkivRow[]));
    case 'arkivdel':
      return Promise.resolve(arkivdelObjects(r, rows as ArkivdelRow[]));
    case 'klassifikasjonssystem':
      return Promise.resolve(klassifikasjonssystemObjects(r, rows as SystemRow[]));
    case 'klasse':
      return Promise.resolve(klasseObjects(r, rows as ClassRow[]));
  }
}

/** The row of `kind` with this id as the viewer sees it, or undefined. */
export async function rowOf(ctx: ServiceContext, kind: Noark5Kind, id: string): Promise<unknown> {
  const { em, ability, today } = ctx;
  const ids = [id];
  switch (kind) {
    case 'saksmappe':
      return (await rowsById(em, saksmapper(ability, today), ids))[0];
    case 'journalpost':
      return (await rowsById(em, journalposter(ability, today), ids))[0];
    case 'korrespondansepart':
      return (await correspondentsById(em, ability, today, ids))[0];
    case 'dokumentbeskrivelse':
      return (await descriptionsById(em, ability, today, ids))[0];
    case 'dokumentobjekt':
      return (await documentObjectsById(em, ability, ids))[0];
    case 'arkiv':
      return (await rowsById(em, arkiver(ability), ids))[0];
    case 'arkivdel':
      return (await rowsById(em, arkivdeler(ability), ids))[0];
    case 'klassifikasjonssystem':
      return (await rowsById(em, klassifikasjonssystemer(ability), ids))[0];
    case 'klasse':
      return (await rowsById(em, klasser(ability), ids))[0];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record `id` of `kind` as the viewer reads it (the REDACTED form where they read it so), or
 * null when they do not see it (or the id is no systemID). Full reads of restricted records are
 * noted in `accessLog`.
 */
export async function representation(
  ctx: ServiceContext,
  kind: Noark5Kind,
  id: string,
  links: Links,
  accessLog: AccessLog,
): Promise<Noark5Object | null> {
  if (!UUID.test(id)) return null;
  const row = await rowOf(ctx, kind, id);
  if (!row) return null;
  const [object] = await objectsOf({ ctx, links, accessLog }, kind, [row]);
  return object ?? null;
}
