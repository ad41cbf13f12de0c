/**
 * One saksmappe of arkivstruktur.xml with everything below it, as text, in the element order of
 * Arkivverket's arkivstruktur.xsd (v5.0). Required elements are always written, with the fallbacks
 * docs/noark5.md names where Arkivgraf keeps no value; optional ones only with a value.
 */
import { type ScreenedField } from '../../entities/enums';
import { element, wrap, xmlDate, xmlDateTime } from '../xml';
import * as codes from './codes';
import { type CasePage, type CaseRow, type PostRow, type ScreeningCodeRow } from './rows';

export interface Directory {
  codes: Map<string, ScreeningCodeRow>;
  units: Map<string, string>;
}

/** `dokumenter/<document id>.pdf`: the path of an ARCHIVE file in the package. */
export const packagePath = (documentId: string): string => `dokumenter/${documentId}.pdf`;

const el = element;
const dateTime = (d: Date | string | null) => xmlDateTime(d);

interface Screening {
  screening_code_id: string | null;
  legal_basis: string | null;
  screened_fields: string[];
  screening_expires_on: string | null;
}

/** skjerming of a mappe or registrering: the code's legal basis unless the record has its own. */
export function skjerming(level: 'mappe' | 'registrering', r: Screening, dir: Directory): string {
  if (!r.screening_code_id) return '';
  const code = dir.codes.get(r.screening_code_id);
  const fields = r.screened_fields as ScreenedField[];
  return wrap(
    'skjerming',
    el('tilgangsrestriksjon', codes.RESTRICTED) +
      el('skjermingshjemmel', r.legal_basis ?? code?.legal_basis ?? '') +
      codes
        .screeningMetadata(level, fields)
        .map((m) => el('skjermingMetadata', m))
        .join('') +
      el(
        'skjermingDokument',
        fields.includes('DOCUMENT' as ScreenedField)
          ? code?.whole_document
            ? codes.WHOLE_DOCUMENT
            : codes.PART_OF_DOCUMENT
          : null,
      ) +
      el('skjermingOpphoererDato', xmlDate(r.screening_expires_on)),
  );
}

export class CaseWriter {
  private readonly posts = new Map<string, PostRow[]>();
  private readonly byPost = {
    correspondents: new Map<string, CasePage['correspondents']>(),
    descriptions: new Map<string, CasePage['descriptions']>(),
    remarks: new Map<string, CasePage['remarks']>(),
  };
  private readonly byCase = {
    parties: new Map<string, CasePage['parties']>(),
    remarks: new Map<string, CasePage['remarks']>(),
    secondary: new Map<string, string[]>(),
  };
  private readonly files = new Map<string, CasePage['files']>();

  constructor(
    private readonly page: CasePage,
    private readonly dir: Directory,
  ) {
    const push = <T>(m: Map<string, T[]>, key: string | null, v: T) => {
      if (key === null) return;
      const list = m.get(key);
      if (list) list.push(v);
      else m.set(key, [v]);
    };
    for (const p of page.posts) push(this.posts, p.case_id, p);
    for (const k of page.correspondents) push(this.byPost.correspondents, k.journal_post_id, k);
    for (const d of page.descriptions) push(this.byPost.descriptions, d.journal_post_id, d);
    for (const r of page.remarks) {
      push(this.byPost.remarks, r.journal_post_id, r);
      push(this.byCase.remarks, r.case_id, r);
    }
    for (const p of page.parties) push(this.byCase.parties, p.case_id, p);
    for (const s of page.secondary) push(this.byCase.secondary, s.case_id, s.class_id);
    for (const f of page.files) push(this.files, f.document_description_id, f);
  }

  private name(id: string | null): string | null {
    return id === null ? null : (this.page.userNames.get(id) ?? codes.SYSTEM_ACTOR);
  }

  private unit(id: string): string {
    return this.dir.units.get(id) ?? codes.SYSTEM_ACTOR;
  }

  postsOf(caseId: string): number {
    return this.posts.get(caseId)?.length ?? 0;
  }

  private merknad(remarks: CasePage['remarks'] | undefined): string {
    return (remarks ?? [])
      .map((r) =>
        wrap(
          'merknad',
          el('merknadstekst', r.text) +
            el('merknadstype', codes.remarkType.write(r.type as never)) +
            el('merknadsdato', dateTime(r.registered_at)) +
            el('merknadRegistrertAv', this.name(r.registered_by_id)),
        ),
      )
      .join('');
  }

  /** `<mappe xsi:type="saksmappe">` with its journal posts. */
  saksmappe(c: CaseRow): string {
    const parties = (this.byCase.parties.get(c.id) ?? [])
      .map((p) =>
        wrap(
          'part',
          el('partID', p.national_id ?? p.organization_number) +
            el('partNavn', p.name) +
            el('partRolle', p.role) +
            el('postadresse', p.postal_address) +
            el('postnummer', p.postal_code) +
            el('poststed', p.postal_town),
        ),
      )
      .join('');
    const responsible = this.name(c.case_responsible_id ?? c.created_by_id);
    const body =
      el('systemID', c.id) +
      el('mappeID', c.case_number) +
      el('tittel', c.title) +
      el('offentligTittel', c.public_title) +
      el('opprettetDato', dateTime(c.created_at)) +
      el('opprettetAv', this.name(c.created_by_id)) +
      el('avsluttetDato', dateTime(c.closed_at ?? c.updated_at)) +
      el('avsluttetAv', responsible) +
      parties +
      this.merknad(this.byCase.remarks.get(c.id)) +
      skjerming('mappe', c, this.dir) +
      (this.posts.get(c.id) ?? []).map((p) => this.journalpost(p)).join('') +
      el('saksaar', c.case_year) +
      el('sakssekvensnummer', c.case_sequence) +
      el('saksdato', xmlDate(c.created_at)) +
      el('administrativEnhet', this.unit(c.responsible_unit_id)) +
      el('saksansvarlig', responsible) +
      el('saksstatus', codes.caseStatus.write(c.status as never)) +
      (this.byCase.secondary.get(c.id) ?? [])
        .map((id) => el('referanseSekundaerKlassifikasjon', id))
        .join('');
    return `<mappe xsi:type="saksmappe">${body}</mappe>`;
  }

  private journalpost(p: PostRow): string {
    const unit = this.unit(p.responsible_unit_id);
    const handler = this.name(p.responsible_id);
    const parts = this.byPost.correspondents.get(p.id) ?? [];
    const korrespondansepart = (
      parts.length > 0
        ? parts
        : [{ role: 'INTERNAL_SENDER', name: unit, address: null, email: null }]
    )
      .map((k) =>
        wrap(
          'korrespondansepart',
          el('korrespondanseparttype', codes.correspondentRole.write(k.role as never)) +
            el('korrespondansepartNavn', k.name) +
            el('postadresse', k.address) +
            el('epostadresse', k.email) +
            el('administrativEnhet', unit) +
            el('saksbehandler', handler),
        ),
      )
      .join('');
    const avskrivning = p.write_off_method
      ? wrap(
          'avskrivning',
          el('avskrivningsdato', xmlDate(p.write_off_date ?? p.journal_date)) +
            el('avskrevetAv', this.name(p.written_off_by_id) ?? codes.SYSTEM_ACTOR) +
            el('avskrivningsmaate', codes.writeOffMethod.write(p.write_off_method as never)) +
            el('referanseAvskrivesAvJournalpost', p.write_off_reply_id),
        )
      : '';
    const body =
      el('systemID', p.id) +
      el('opprettetDato', dateTime(p.created_at)) +
      el('opprettetAv', this.name(p.created_by_id)) +
      el('arkivertDato', dateTime(p.created_at)) +
      el('arkivertAv', this.name(p.created_by_id)) +
      skjerming('registrering', p, this.dir) +
      (this.byPost.descriptions.get(p.id) ?? []).map((d) => this.dokumentbeskrivelse(d)).join('') +
      el('registreringsID', `${p.case_number}-${p.document_number}`) +
      el('tittel', p.title) +
      el('offentligTittel', p.public_title) +
      this.merknad(this.byPost.remarks.get(p.id)) +
      korrespondansepart +
      el('journalaar', p.journal_year) +
      el('journalsekvensnummer', p.journal_sequence_number) +
      el('journalpostnummer', p.document_number) +
      el('journalposttype', codes.journalPostType.write(p.type as never)) +
      el('journalstatus', codes.journalStatus.write(p.status as never)) +
      el('journaldato', xmlDate(p.journal_date)) +
      el('dokumentetsDato', xmlDate(p.document_date)) +
      el('mottattDato', dateTime(p.received_at)) +
      el('sendtDato', dateTime(p.dispatched_at)) +
      el('forfallsdato', xmlDate(p.due_date)) +
      el('offentlighetsvurdertDato', xmlDate(p.screening_assessed_on)) +
      avskrivning;
    return `<registrering xsi:type="journalpost">${body}</registrering>`;
  }

  private dokumentbeskrivelse(d: CasePage['descriptions'][number]): string {
    const code = d.screening_code_id ? this.dir.codes.get(d.screening_code_id) : undefined;
    const screening = d.screening_code_id
      ? wrap(
          'skjerming',
          el('tilgangsrestriksjon', codes.RESTRICTED) +
            el('skjermingshjemmel', code?.legal_basis ?? '') +
            el('skjermingMetadata', 'Skjerming tittel dokumentbeskrivelse') +
            el('skjermingDokument', codes.WHOLE_DOCUMENT),
        )
      : '';
    const files = (this.files.get(d.id) ?? [])
      .map((f) =>
        wrap(
          'dokumentobjekt',
          el('systemID', f.id) +
            el('versjonsnummer', f.version) +
            el('variantformat', codes.ARCHIVE_VARIANT) +
            el('format', f.format ?? f.media_type) +
            el('opprettetDato', dateTime(f.uploaded_at)) +
            el('opprettetAv', this.name(f.uploaded_by_id)) +
            el('referanseDokumentfil', packagePath(f.id)) +
            el('sjekksum', f.sha256) +
            el('sjekksumAlgoritme', codes.SHA256) +
            el('filstoerrelse', Number(f.size)),
        ),
      )
      .join('');
    return wrap(
      'dokumentbeskrivelse',
      el('systemID', d.id) +
        el('dokumenttype', codes.DOCUMENT_TYPE_FALLBACK) +
        el('dokumentstatus', codes.documentStatus.write(d.status as never)) +
        el('tittel', d.title) +
        el('opprettetDato', dateTime(d.created_at)) +
        el('opprettetAv', this.name(d.created_by_id)) +
        el('tilknyttetRegistreringSom', codes.documentRole.write(d.role as never)) +
        el('dokumentnummer', d.document_number) +
        el('tilknyttetDato', dateTime(d.created_at)) +
        el('tilknyttetAv', this.name(d.created_by_id)) +
        (d.disposed_at
          ? wrap(
              'utfoertKassasjon',
              el('kassertDato', dateTime(d.disposed_at)) +
                el('kassertAv', this.name(d.disposed_by_id)),
            )
          : '') +
        screening +
        files,
    );
  }
}
