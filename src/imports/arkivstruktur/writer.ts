/**
 * Writes what the reader of arkivstruktur.xml hands over: the archive, the part and the
 * classification as they open, each case (with everything below it) when it closes; flushed per
 * case and the identity map cleared every few cases, so memory stays flat. References that may
 * point forwards (referanseAvskrivesAvJournalpost, referanseSekundaerKlassifikasjon) wait in
 * temporary tables and are resolved in one statement each at the end.
 */
import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';
import {
  Archive,
  ArchivePart,
  ArchivePartStatus,
  Case,
  CaseClass,
  CaseClassRole,
  CaseParty,
  Class,
  ClassificationSystem,
  ClassificationType,
  Correspondent,
  Disposal,
  DisposalStatus,
  Document,
  DocumentDescription,
  DocumentVariant,
  JournalPost,
  JournalPostType,
  Remark,
  RemarkType,
  ScreenedField,
  ScreeningCode,
  Unit,
  User,
} from '../../entities';
import { todayInOslo } from '../../domain/workingDays';
import * as codes from '../../exports/arkivstruktur/codes';
import { type PackageFileReader } from '../arkivstruktur';
import { ImportDirectory } from './directory';
import { ImportReferences } from './references';
import { childrenOf, field, fields, type TreeEvent, type XmlNode } from './tree';

const CLEAR_EVERY = 50;

interface ScreeningValues {
  screeningCode: ScreeningCode | null;
  legalBasis: string | null;
  screenedFields: ScreenedField[];
  screeningExpiresOn: string | null;
}

export class ImportWriter {
  readonly errors: string[] = [];
  readonly counts = { cases: 0, journalPosts: 0, documentDescriptions: 0, documentFiles: 0 };
  private archiveId: string | null = null;
  private partId: string | null = null;
  private systemId: string | null = null;
  /** The open classes, innermost last; null for the class of cases without a primary class */
  private readonly classes: (string | null)[] = [];
  private systemType: ClassificationType | null = null;
  /** The carried-out disposal of each archivist who disposed of documents (utfoertKassasjon) */
  private readonly disposals = new Map<string, string>();
  private readonly caseYears = new Map<number, number>();
  private readonly journalYears = new Map<number, number>();
  private sinceClear = 0;
  private readonly directory: ImportDirectory;
  private readonly references: ImportReferences;

  constructor(
    private readonly em: EntityManager,
    private readonly files: PackageFileReader,
    private readonly options: { organisationId: string; actorId: string },
  ) {
    this.directory = new ImportDirectory(em, options.organisationId, options.actorId);
    this.references = new ImportReferences(em);
  }

  begin(): Promise<void> {
    return this.references.begin();
  }

  async handle(event: TreeEvent): Promise<void> {
    if (event.kind === 'case') return this.writeCase(event.node);
    if (event.kind === 'close') {
      if (event.name === 'klasse') this.classes.pop();
      if (event.name === 'klassifikasjonssystem') this.systemId = null;
      return;
    }
    const n = event.node;
    switch (n.name) {
      case 'arkiv':
        return this.writeArchive(n);
      case 'arkivdel':
        return this.writePart(n);
      case 'klassifikasjonssystem':
        return this.writeSystem(n);
      case 'klasse':
        return this.writeClass(n);
    }
  }

  /** The arkivdel was refused: its mappe are not imported, and not reported one by one. */
  private partRefused = false;

  private fail(message: string): void {
    if (this.errors.length < 1000) this.errors.push(message);
  }

  /** Mottatt dato, an xs:dateTime: the day in Norway of that moment. */
  private receivedDate(n: XmlNode): string | null {
    const at = this.date(n, 'mottattDato');
    return at ? todayInOslo(at) : null;
  }

  private date(n: XmlNode, name: string): Date | null {
    const v = field(n, name);
    return v === null ? null : new Date(v);
  }

  private async writeArchive(n: XmlNode): Promise<void> {
    const creator = childrenOf(n, 'arkivskaper')[0];
    const status = codes.archiveStatus.read(field(n, 'arkivstatus') ?? 'Opprettet');
    if (!status) this.fail(`arkivstatus "${field(n, 'arkivstatus')}" is not a code of Noark 5`);
    const archive = this.em.create(Archive, {
      title: field(n, 'tittel') ?? 'Arkiv',
      description: field(n, 'beskrivelse'),
      status: status ?? 'OPEN',
      recordsCreatorName: (creator && field(creator, 'arkivskaperNavn')) ?? 'Arkivskaper',
      createdAt: this.date(n, 'opprettetDato') ?? new Date(),
    });
    await this.em.persist(archive).flush();
    this.archiveId = archive.id;
  }

  private async writePart(n: XmlNode): Promise<void> {
    if (this.partId !== null) {
      this.fail('The package holds more than one arkivdel; one is imported at a time');
      return;
    }
    const statusText = field(n, 'arkivdelstatus') ?? '';
    const status = codes.archivePartStatus.read(statusText);
    if (!status) this.fail(`arkivdelstatus "${statusText}" is not a code of Noark 5`);
    if (status === ArchivePartStatus.ACTIVE && (await this.hasActivePart())) {
      // One active part per archive, and the organisation's own takes its new cases already.
      this.fail(
        'arkivdelstatus is Aktiv periode, and the organisation has an active archive part of its own: import an ended period (Avsluttet periode or Overlappingsperiode)',
      );
      this.partRefused = true;
      return;
    }
    const disposal = this.kassasjon(n);
    this.directory.periodStart =
      field(n, 'arkivperiodeStartDato') ??
      (field(n, 'opprettetDato') ?? this.directory.periodStart).slice(0, 10);
    const part = this.em.create(ArchivePart, {
      archive: this.em.getReference(Archive, this.archiveId!),
      title: field(n, 'tittel') ?? 'Arkivdel',
      // An ended period of another system, or our closed part: it takes nothing new here.
      status: status ?? codes.archivePartStatus.read('Avsluttet periode')!,
      periodStart: this.directory.periodStart,
      periodEnd: field(n, 'arkivperiodeSluttDato'),
      ...disposal,
      createdAt: this.date(n, 'opprettetDato') ?? new Date(),
    });
    await this.em.persist(part).flush();
    this.partId = part.id;
  }

  /** The owner is not held by row-level security: the organisation is named. */
  private async hasActivePart(): Promise<boolean> {
    const [row] = await query<{ active: boolean }>(
      this.em,
      sql`select exists (select 1 from archive_part where organisation_id = current_organisation()
        and status = ${ArchivePartStatus.ACTIVE}) as active`,
    );
    return row?.active ?? false;
  }

  private kassasjon(n: XmlNode) {
    const k = childrenOf(n, 'kassasjon')[0];
    if (!k) return {};
    const text = field(k, 'kassasjonsvedtak') ?? '';
    const decision = codes.disposalDecision.read(text);
    if (!decision) {
      this.fail(`kassasjonsvedtak "${text}" is not a code of Noark 5`);
      return {};
    }
    const years = field(k, 'bevaringstid');
    return {
      disposalDecision: decision,
      disposalAuthority: field(k, 'kassasjonshjemmel'),
      retentionYears: years === null ? null : Number(years),
    };
  }

  private async writeSystem(n: XmlNode): Promise<void> {
    const title = field(n, 'tittel') ?? 'Klassifikasjonssystem';
    const typeText = field(n, 'klassifikasjonstype');
    if (title === codes.UNCLASSIFIED.systemTitle && typeText === null) {
      this.systemId = null;
      this.systemType = null;
      return;
    }
    const type =
      (typeText ? codes.classificationType.read(typeText) : undefined) ??
      ClassificationType.SUBJECT_HIERARCHICAL;
    const [existing] = await query<{ id: string; type: ClassificationType }>(
      this.em,
      sql`select id, type from classification_system
          where organisation_id = ${this.options.organisationId} and title = ${title}`,
    );
    if (existing) {
      this.systemId = existing.id;
      this.systemType = existing.type;
      return;
    }
    const system = this.em.create(ClassificationSystem, {
      title,
      description: field(n, 'beskrivelse'),
      type,
      createdAt: this.date(n, 'opprettetDato') ?? new Date(),
    });
    await this.em.persist(system).flush();
    this.systemId = system.id;
    this.systemType = type;
  }

  private async writeClass(n: XmlNode): Promise<void> {
    if (this.systemId === null) {
      this.classes.push(null);
      return;
    }
    const classId = field(n, 'klasseID') ?? '';
    const parent = this.classes[this.classes.length - 1] ?? null;
    const [existing] = await query<{ id: string }>(
      this.em,
      sql`select id from class where system_id = ${this.systemId} and class_id = ${classId}`,
    );
    let id = existing?.id;
    if (!id) {
      const title = field(n, 'tittel') ?? classId;
      const screened = this.systemType === ClassificationType.NATIONAL_ID;
      const k = this.em.create(Class, {
        system: this.em.getReference(ClassificationSystem, this.systemId),
        classId,
        title,
        screened,
        publicClassId: screened ? '*****' : classId,
        publicTitle: screened ? '*****' : title,
        parent: parent ? this.em.getReference(Class, parent) : null,
        ...this.kassasjon(n),
        createdAt: this.date(n, 'opprettetDato') ?? new Date(),
      });
      await this.em.persist(k).flush();
      id = k.id;
    }
    const ref = field(n, 'systemID');
    if (ref) this.references.classIds.set(ref, id);
    this.classes.push(id);
  }

  private async screening(n: XmlNode, where: string): Promise<ScreeningValues> {
    const s = childrenOf(n, 'skjerming')[0];
    if (!s)
      return {
        screeningCode: null,
        legalBasis: null,
        screenedFields: [],
        screeningExpiresOn: null,
      };
    const restriction = field(s, 'tilgangsrestriksjon');
    const basis = field(s, 'skjermingshjemmel') ?? restriction ?? codes.RESTRICTED;
    const document = field(s, 'skjermingDokument');
    const code = await this.directory.screeningCode(basis, document === codes.WHOLE_DOCUMENT);
    const screened = new Set<ScreenedField>();
    for (const m of fields(s, 'skjermingMetadata')) {
      const f = codes.screenedFieldOf(m);
      if (f) screened.add(f);
      else if (!codes.SCREENING_METADATA_CODES.includes(m))
        this.fail(`${where}: skjermingMetadata "${m}" is not a code of Noark 5`);
    }
    if (document) screened.add(ScreenedField.DOCUMENT);
    return {
      screeningCode: this.em.getReference(ScreeningCode, code.id),
      legalBasis: basis === code.legalBasis ? null : basis,
      screenedFields: Object.values(ScreenedField).filter((f) => screened.has(f)),
      screeningExpiresOn: field(s, 'skjermingOpphoererDato'),
    };
  }

  private read<T>(
    list: { read: (text: string) => T | undefined },
    n: XmlNode,
    name: string,
    where: string,
  ): T | undefined {
    const text = field(n, name);
    const value = text === null ? undefined : list.read(text);
    if (value === undefined) this.fail(`${where}: ${name} "${text ?? ''}" is not a code we keep`);
    return value;
  }

  private async remarks(n: XmlNode, owner: { case?: Case; journalPost?: JournalPost }) {
    let previous: Remark | null = null;
    for (const m of childrenOf(n, 'merknad')) {
      const typeText = field(m, 'merknadstype');
      const type = (typeText ? codes.remarkType.read(typeText) : undefined) ?? RemarkType.GENERAL;
      const remark: Remark = this.em.create(Remark, {
        ...owner,
        type: type === RemarkType.CORRECTION && previous === null ? RemarkType.GENERAL : type,
        text: field(m, 'merknadstekst') ?? '',
        registeredAt: this.date(m, 'merknadsdato') ?? new Date(),
        registeredBy: this.em.getReference(
          User,
          await this.directory.requiredUser(field(m, 'merknadRegistrertAv')),
        ),
        // A correction corrects the remark before it (the package names no other).
        corrects: type === RemarkType.CORRECTION ? previous : null,
      });
      this.em.persist(remark);
      previous = remark;
    }
  }

  private async writeCase(n: XmlNode): Promise<void> {
    const where = `mappe ${field(n, 'mappeID') ?? field(n, 'systemID') ?? ''}`;
    if (n.type !== 'saksmappe') {
      this.fail(`${where}: only saksmappe is imported (this is ${n.type ?? 'mappe'})`);
      return;
    }
    if (this.partId === null) {
      // A refused arkivdel is its one mistake, not one more for each of its mappe.
      if (!this.partRefused) this.fail(`${where}: no arkivdel before it`);
      return;
    }
    const year = Number(field(n, 'saksaar'));
    const sequence = Number(field(n, 'sakssekvensnummer'));
    const status = this.read(codes.caseStatus, n, 'saksstatus', where);
    const unitId = await this.directory.unit(field(n, 'administrativEnhet'));
    if (!unitId) {
      this.fail(`${where}: no administrativEnhet`);
      return;
    }
    const createdBy = await this.directory.requiredUser(field(n, 'opprettetAv'));
    const closed = this.date(n, 'avsluttetDato');
    const createdAt = this.date(n, 'opprettetDato') ?? new Date();
    const c = this.em.create(Case, {
      caseYear: year,
      caseSequence: sequence,
      caseNumber: `${year}/${sequence}`,
      title: field(n, 'tittel') ?? '',
      publicTitle: field(n, 'offentligTittel') ?? field(n, 'tittel') ?? '',
      status: status ?? codes.caseStatus.read('Avsluttet')!,
      archivePart: this.em.getReference(ArchivePart, this.partId),
      responsibleUnit: this.em.getReference(Unit, unitId),
      caseResponsible: this.em.getReference(
        User,
        await this.directory.requiredUser(field(n, 'saksansvarlig')),
      ),
      createdBy: this.em.getReference(User, createdBy),
      ...(await this.screening(n, where)),
      createdAt,
      updatedAt: closed ?? createdAt,
      closedAt: status === 'CLOSED' || status === 'CANCELLED' ? closed : null,
    });
    this.em.persist(c);
    childrenOf(n, 'part').forEach((p, position) => {
      const id = field(p, 'partID');
      if (id !== null && !/^\d{9}$|^\d{11}$/.test(id))
        this.fail(`${where}: partID is neither a national id number nor an organisation number`);
      this.em.persist(
        this.em.create(CaseParty, {
          case: c,
          position,
          name: field(p, 'partNavn') ?? '',
          role: field(p, 'partRolle') ?? '',
          nationalId: id?.length === 11 ? id : null,
          organizationNumber: id?.length === 9 ? id : null,
          postalAddress: field(p, 'postadresse'),
          postalCode: field(p, 'postnummer'),
          postalTown: field(p, 'poststed'),
        }),
      );
    });
    await this.remarks(n, { case: c });
    const primary = this.classes[this.classes.length - 1] ?? null;
    if (primary)
      this.em.persist(
        this.em.create(CaseClass, {
          case: c,
          position: 0,
          class: this.em.getReference(Class, primary),
          role: CaseClassRole.PRIMARY,
        }),
      );
    let lastDocumentNumber = 0;
    const postIds: [string, string][] = [];
    const writeOffs: [string, string][] = [];
    for (const r of childrenOf(n, 'registrering')) {
      const post = await this.writePost(r, c, unitId, where, writeOffs);
      if (!post) continue;
      lastDocumentNumber = Math.max(lastDocumentNumber, post.documentNumber);
      const old = field(r, 'systemID');
      if (old) postIds.push([old, post.id]);
    }
    await this.em.flush();
    await this.references.addCase(
      c.id,
      postIds,
      writeOffs,
      fields(n, 'referanseSekundaerKlassifikasjon'),
    );
    await this.em.execute(
      `insert into number_counter (series, value) values (?, ?)
       on conflict (organisation_id, series) do update set value = greatest(number_counter.value, excluded.value)`,
      [`document:${c.id}`, lastDocumentNumber],
      'run',
    );
    this.caseYears.set(year, Math.max(this.caseYears.get(year) ?? 0, sequence));
    this.counts.cases++;
    if (++this.sinceClear >= CLEAR_EVERY) {
      this.em.clear();
      this.sinceClear = 0;
    }
  }

  private async writePost(
    r: XmlNode,
    c: Case,
    caseUnit: string,
    caseWhere: string,
    writeOffs: [string, string][],
  ): Promise<JournalPost | null> {
    const where = `${caseWhere}, journalpost ${field(r, 'journalpostnummer') ?? ''}`;
    if (r.type !== 'journalpost') {
      this.fail(`${where}: only journalpost is imported (this is ${r.type ?? 'registrering'})`);
      return null;
    }
    const parts = childrenOf(r, 'korrespondansepart');
    const handlerPart = parts.find((k) => field(k, 'administrativEnhet') !== null) ?? parts[0];
    const unitId =
      (handlerPart && (await this.directory.unit(field(handlerPart, 'administrativEnhet')))) ??
      caseUnit;
    const responsible = handlerPart
      ? await this.directory.user(field(handlerPart, 'saksbehandler'))
      : null;
    const type = this.read(codes.journalPostType, r, 'journalposttype', where);
    const status = this.read(codes.journalStatus, r, 'journalstatus', where);
    const year = Number(field(r, 'journalaar'));
    const sequence = Number(field(r, 'journalsekvensnummer'));
    const screening = await this.screening(r, where);
    const avskrivning = childrenOf(r, 'avskrivning')[0];
    const createdAt = this.date(r, 'opprettetDato') ?? new Date();
    const postType = type ?? codes.journalPostType.read('Inngående dokument')!;
    const journalDate = field(r, 'journaldato') ?? createdAt.toISOString().slice(0, 10);
    const post = this.em.create(JournalPost, {
      case: c,
      documentNumber: Number(field(r, 'journalpostnummer')),
      journalYear: year,
      journalSequenceNumber: sequence,
      type: postType,
      status: status ?? codes.journalStatus.read('Journalført')!,
      title: field(r, 'tittel') ?? '',
      publicTitle: field(r, 'offentligTittel') ?? field(r, 'tittel') ?? '',
      journalDate,
      documentDate: field(r, 'dokumentetsDato'),
      // Mottatt dato of an incoming post; without one, its journal date.
      receivedDate:
        postType === JournalPostType.INCOMING ? (this.receivedDate(r) ?? journalDate) : null,
      dueDate: field(r, 'forfallsdato'),
      responsible: responsible ? this.em.getReference(User, responsible) : null,
      responsibleUnit: this.em.getReference(Unit, unitId),
      createdBy: this.em.getReference(
        User,
        await this.directory.requiredUser(field(r, 'opprettetAv')),
      ),
      ...screening,
      screeningAssessedOn: field(r, 'offentlighetsvurdertDato'),
      writeOffMethod: avskrivning
        ? (this.read(codes.writeOffMethod, avskrivning, 'avskrivningsmaate', where) ?? null)
        : null,
      writeOffDate: avskrivning ? field(avskrivning, 'avskrivningsdato') : null,
      writtenOffBy: avskrivning
        ? await this.directory.userRef(field(avskrivning, 'avskrevetAv'))
        : null,
      dispatchedAt: this.date(r, 'sendtDato'),
      createdAt,
      updatedAt: createdAt,
    });
    this.em.persist(post);
    const target = avskrivning && field(avskrivning, 'referanseAvskrivesAvJournalpost');
    if (target) writeOffs.push([post.id, target]);
    await this.remarks(r, { journalPost: post });
    const unitName = handlerPart ? field(handlerPart, 'administrativEnhet') : null;
    const fallback =
      parts.length === 1 &&
      field(parts[0]!, 'korrespondanseparttype') === 'Intern avsender' &&
      field(parts[0]!, 'korrespondansepartNavn') === unitName &&
      field(parts[0]!, 'postadresse') === null &&
      field(parts[0]!, 'epostadresse') === null;
    if (!fallback)
      parts.forEach((k, position) => {
        const role = this.read(codes.correspondentRole, k, 'korrespondanseparttype', where);
        this.em.persist(
          this.em.create(Correspondent, {
            journalPost: post,
            position,
            role: role ?? codes.correspondentRole.read('Avsender')!,
            name: field(k, 'korrespondansepartNavn') ?? '',
            screened: screening.screenedFields.includes(ScreenedField.CORRESPONDENT_NAME),
            address: field(k, 'postadresse'),
            email: field(k, 'epostadresse'),
          }),
        );
      });
    for (const d of childrenOf(r, 'dokumentbeskrivelse'))
      await this.writeDescription(d, post, where);
    const journal = this.journalYears.get(year) ?? 0;
    this.journalYears.set(year, Math.max(journal, sequence));
    this.counts.journalPosts++;
    return post;
  }

  private async writeDescription(d: XmlNode, post: JournalPost, postWhere: string) {
    const where = `${postWhere}, dokument ${field(d, 'dokumentnummer') ?? ''}`;
    const role = this.read(codes.documentRole, d, 'tilknyttetRegistreringSom', where);
    const status = this.read(codes.documentStatus, d, 'dokumentstatus', where);
    const s = childrenOf(d, 'skjerming')[0];
    const screening = s ? await this.screening(d, where) : null;
    const disposed = childrenOf(d, 'utfoertKassasjon')[0];
    const disposedBy = disposed
      ? await this.directory.requiredUser(field(disposed, 'kassertAv'))
      : null;
    const disposedAt = disposed ? this.date(disposed, 'kassertDato') : null;
    const description = this.em.create(DocumentDescription, {
      journalPost: post,
      documentNumber: Number(field(d, 'dokumentnummer')),
      role: role ?? codes.documentRole.read('Vedlegg')!,
      title: field(d, 'tittel') ?? '',
      status: status ?? codes.documentStatus.read('Dokumentet er ferdigstilt')!,
      screeningCode: screening?.screeningCode ?? null,
      createdBy: this.em.getReference(
        User,
        await this.directory.requiredUser(field(d, 'opprettetAv')),
      ),
      createdAt: this.date(d, 'opprettetDato') ?? new Date(),
      disposedAt,
      disposedBy: disposedBy ? this.em.getReference(User, disposedBy) : null,
      disposal:
        disposedBy && disposedAt
          ? this.em.getReference(Disposal, await this.disposal(disposedBy, disposedAt))
          : null,
    });
    this.em.persist(description);
    this.counts.documentDescriptions++;
    for (const o of childrenOf(d, 'dokumentobjekt'))
      await this.writeFile(o, post, description, where);
  }

  /** The carried-out disposal a disposed description points at: one per archivist who did it. */
  private async disposal(by: string, at: Date): Promise<string> {
    const known = this.disposals.get(by);
    if (known) return known;
    const disposal = this.em.create(Disposal, {
      status: DisposalStatus.CONFIRMED,
      basis: 'Utført kassasjon i systemet arkivuttrekket kom fra',
      proposedBy: this.em.getReference(User, this.options.actorId),
      proposedAt: at,
      confirmedBy: this.em.getReference(User, by),
      confirmedAt: at,
    });
    this.em.persist(disposal);
    this.disposals.set(by, disposal.id);
    return disposal.id;
  }

  private async writeFile(
    o: XmlNode,
    post: JournalPost,
    description: DocumentDescription,
    descriptionWhere: string,
  ): Promise<void> {
    const path = field(o, 'referanseDokumentfil') ?? '';
    const where = `${descriptionWhere}, ${path}`;
    const variantText = field(o, 'variantformat');
    const variant =
      variantText === codes.ARCHIVE_VARIANT
        ? DocumentVariant.ARCHIVE
        : variantText === 'Produksjonsformat'
          ? DocumentVariant.PRODUCTION
          : variantText === 'Dokument hvor deler av innholdet er skjermet'
            ? DocumentVariant.PUBLIC
            : null;
    if (!variant)
      this.fail(`${where}: variantformat "${variantText ?? ''}" is not a code of Noark 5`);
    const algorithm = (field(o, 'sjekksumAlgoritme') ?? '').replace('-', '').toUpperCase();
    if (algorithm !== codes.SHA256)
      this.fail(
        `${where}: sjekksumAlgoritme "${field(o, 'sjekksumAlgoritme') ?? ''}" is not SHA256`,
      );
    const bytes = await this.files(path);
    if (!bytes) {
      this.fail(`${where}: the file is not in the package`);
      return;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== (field(o, 'sjekksum') ?? '').toLowerCase())
      this.fail(`${where}: the file does not match its sjekksum`);
    if (Number(field(o, 'filstoerrelse')) !== bytes.length)
      this.fail(`${where}: the file's size is not its filstoerrelse`);
    const format = field(o, 'format');
    const mediaType = field(o, 'pronomMIME') ?? 'application/pdf';
    this.em.persist(
      this.em.create(Document, {
        journalPost: post,
        description,
        variant: variant ?? DocumentVariant.ARCHIVE,
        version: Number(field(o, 'versjonsnummer') ?? 1),
        fileName: path.replace(/^.*\//, ''),
        mediaType,
        format: format === mediaType ? null : format,
        size: bytes.length,
        sha256,
        content: bytes,
        uploadedBy: this.em.getReference(
          User,
          await this.directory.requiredUser(field(o, 'opprettetAv')),
        ),
        uploadedAt: this.date(o, 'opprettetDato') ?? new Date(),
      }),
    );
    this.counts.documentFiles++;
  }

  /** The references that may point forwards, and the number series past the imported numbers. */
  async finish(): Promise<void> {
    await this.em.flush();
    for (const problem of await this.references.resolve()) this.fail(problem);
    for (const [prefix, years] of [
      ['case', this.caseYears],
      ['journal', this.journalYears],
    ] as const)
      for (const [year, value] of years)
        await this.em.execute(
          `insert into number_counter (series, value) values (?, ?)
           on conflict (organisation_id, series) do update set value = greatest(number_counter.value, excluded.value)`,
          [`${prefix}:${year}`, value],
          'run',
        );
  }
}
