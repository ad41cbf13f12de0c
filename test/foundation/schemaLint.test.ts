import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema, printAppSchema } from '../../src/graphql/buildSchema';

// The rules of docs/api-conventions.md that a program can check, run over the printed schema
// (what `npm run schema:print` commits), so that what clients read is what is checked.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = buildSchema(printAppSchema(await buildAppSchema()));
});

/** The root operation types: type-graphql gives them no description, and they need none. */
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

function appTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
}

function fieldsOf(type: GraphQLNamedType): GraphQLField<unknown, unknown>[] {
  return isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
}

function inputFieldsOf(type: GraphQLNamedType): GraphQLInputField[] {
  return isInputObjectType(type) ? Object.values(type.getFields()) : [];
}

function argumentsOf(type: GraphQLNamedType): { where: string; arg: GraphQLArgument }[] {
  return fieldsOf(type).flatMap((field) =>
    field.args.map((arg) => ({ where: `${type.name}.${field.name}(${arg.name})`, arg })),
  );
}

const described = (description: string | null | undefined) => (description ?? '').trim() !== '';

describe('Every part of the schema has a description', () => {
  it('every type has one', () => {
    const missing = appTypes()
      .filter((t) => !ROOTS.has(t.name) && !described(t.description))
      .map((t) => t.name);
    expect(missing).toEqual([]);
  });

  it('every field has one', () => {
    const missing = appTypes().flatMap((t) =>
      fieldsOf(t)
        .filter((f) => !described(f.description))
        .map((f) => `${t.name}.${f.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('every argument has one', () => {
    const missing = appTypes().flatMap((t) =>
      argumentsOf(t)
        .filter(({ arg }) => !described(arg.description))
        .map(({ where }) => where),
    );
    expect(missing).toEqual([]);
  });

  it('every input field has one', () => {
    const missing = appTypes().flatMap((t) =>
      inputFieldsOf(t)
        .filter((f) => !described(f.description))
        .map((f) => `${t.name}.${f.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('every enum value has one', () => {
    const missing = appTypes().flatMap((t) =>
      isEnumType(t)
        ? t
            .getValues()
            .filter((v) => !described(v.description))
            .map((v) => `${t.name}.${v.name}`)
        : [],
    );
    expect(missing).toEqual([]);
  });
});

/**
 * Names whose suffix is the domain's own word, not how the server builds the type: a journal
 * post's type is the Noark "journalposttype" (I, U, N, X, S), a remark's the Noark "merknadstype",
 * a document type the organisation's "dokumenttype".
 */
const DOMAIN_SUFFIXES = new Set(['JournalPostType', 'RemarkType', 'DocumentType']);

describe('Type names carry no View, Type or Object suffix', () => {
  it('no type is named after how the server builds it', () => {
    const suffixed = appTypes()
      .map((t) => t.name)
      .filter((name) => /(View|Type|Object)$/.test(name) && !DOMAIN_SUFFIXES.has(name));
    expect(suffixed).toEqual([]);
  });

  it('every name kept for its domain meaning is still in the schema', () => {
    const names = new Set(appTypes().map((t) => t.name));
    expect([...DOMAIN_SUFFIXES].filter((name) => !names.has(name))).toEqual([]);
  });
});

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

describe('Every mutation takes one argument, input, of a type named after the mutation', () => {
  it('each mutation has exactly `input: <Mutation>Input!`', () => {
    const mutation = schema.getMutationType();
    expect(mutation).toBeDefined();
    const wrong = Object.values(mutation!.getFields())
      .filter(
        (field) =>
          field.args.length !== 1 ||
          field.args[0]!.name !== 'input' ||
          String(field.args[0]!.type) !== `${capitalised(field.name)}Input!`,
      )
      .map((field) => `${field.name}(${field.args.map((a) => `${a.name}: ${a.type}`).join(', ')})`);
    expect(wrong).toEqual([]);
  });
});

/**
 * Lists of records that are not connections: each is bounded by the record it belongs to (or by
 * what the caller sent), so paging it would only cost the client round trips.
 */
const PLAIN_LISTS: Record<string, string> = {
  'JournalPost.correspondents': 'the senders and recipients of one post',
  'Case.parties': 'the parties (sakspart) of one case',
  'JournalPost.documents': 'one current file per variant: at most three',
  'JournalPost.documentDescriptions': 'the main document and attachments of one post, at most 100',
  'DocumentDescription.documents': 'one current file per variant: at most three',
  'InsightRequest.items': 'the journal posts one request asked for, at most 50',
  'Disposal.cases': 'the cases one disposal names, at most 100',
  'Disposal.documents': 'the single documents one disposal names, at most 100',
  'PublicInsightRequestStatus.items': 'the documents one request asked for, at most 50',
  'User.roles': "one user's role grants",
  'User.accessGroups': "one user's access groups",
  'AccessGroup.members':
    "one group's current members; the dated, paged history is Query.accessGroupMembers",
  'WriteOffJournalPostsPayload.journalPosts': 'the posts the mutation was given, by id',
  'Query.nodes': 'batch refetch: the ids asked for, at most 100, in their order',
  'Case.remarks': 'the remarks (merknader) of one case, added by hand',
  'JournalPost.remarks': 'the remarks (merknader) of one post, added by hand',
  'Case.secondaryClasses': "one case's secondary classes, at most 20 (SECONDARY_MAX)",
  'User.organisations': 'the organisations one person works for (only on me)',
  'InsightRequestReceipt.otherReceipts':
    'the receipts of the same submission in the other organisations whose posts it named',
};

function listOf(type: GraphQLOutputType): GraphQLNamedType | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner) ? getNamedType(inner) : null;
}

const isConnection = (name: string) => name.endsWith('Connection');

describe('Every list of records is a Relay connection', () => {
  it('no root or object field returns a plain list of objects, except the bounded lists named here', () => {
    const plain = appTypes()
      .filter((t) => isObjectType(t) && !isConnection(t.name) && t.name !== 'Mutation')
      .flatMap((t) =>
        fieldsOf(t)
          .filter((f) => {
            const item = listOf(f.type);
            return item !== null && (isObjectType(item) || isInterfaceType(item));
          })
          .map((f) => `${t.name}.${f.name}`),
      )
      .filter((where) => !(where in PLAIN_LISTS));
    expect(plain).toEqual([]);
  });

  it('every plain list named here is still in the schema, with a reason', () => {
    const stale = Object.entries(PLAIN_LISTS)
      .filter(([where, reason]) => {
        const [typeName, fieldName] = where.split('.') as [string, string];
        const type = schema.getType(typeName);
        return reason.trim() === '' || !type || !fieldsOf(type).some((f) => f.name === fieldName);
      })
      .map(([where]) => where);
    expect(stale).toEqual([]);
  });

  it('every connection has edges, nodes, pageInfo, totalCount and totalCountIsExact', () => {
    const connections = appTypes().filter((t) => isObjectType(t) && isConnection(t.name));
    expect(connections.length).toBeGreaterThan(0);
    const wrong = connections.flatMap((t) => {
      const names = fieldsOf(t).map((f) => f.name);
      return ['edges', 'nodes', 'pageInfo', 'totalCount', 'totalCountIsExact']
        .filter((name) => !names.includes(name))
        .map((name) => `${t.name}.${name}`);
    });
    expect(wrong).toEqual([]);
  });

  it('PageInfo has hasNextPage, hasPreviousPage, startCursor and endCursor', () => {
    const pageInfo = schema.getType('PageInfo');
    expect(pageInfo).toBeDefined();
    const names = fieldsOf(pageInfo!).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
    );
  });

  it('every field returning a connection takes first, after, last and before', () => {
    const wrong = appTypes().flatMap((t) =>
      fieldsOf(t)
        .filter((f) => isConnection(getNamedType(f.type).name))
        .filter((f) => {
          const names = f.args.map((a) => a.name);
          return !['first', 'after', 'last', 'before'].every((name) => names.includes(name));
        })
        .map((f) => `${t.name}.${f.name}`),
    );
    expect(wrong).toEqual([]);
  });
});

const ID_NAME = /^(id|ids|.+Id|.+Ids)$/;

describe('An id argument or input field is named id, ids, <role>Id or <role>Ids', () => {
  it('every ID argument is so named', () => {
    const wrong = appTypes().flatMap((t) =>
      argumentsOf(t)
        .filter(({ arg }) => getNamedType(arg.type).name === 'ID' && !ID_NAME.test(arg.name))
        .map(({ where }) => where),
    );
    expect(wrong).toEqual([]);
  });

  it('every ID input field is so named', () => {
    const wrong = appTypes().flatMap((t) =>
      inputFieldsOf(t)
        .filter((f) => getNamedType(f.type).name === 'ID' && !ID_NAME.test(f.name))
        .map((f) => `${t.name}.${f.name}`),
    );
    expect(wrong).toEqual([]);
  });
});

/**
 * Bokmål words of this domain that have no English homograph. The heuristic only knows these
 * and words with æ, ø or å; it does not prove a description English, it catches the Norwegian
 * descriptions this schema used to have.
 */
const NORWEGIAN_WORDS = new Set([
  'adresse',
  'ansvarlig',
  'arkivar',
  'av',
  'avgjort',
  'avsender',
  'avskrevet',
  'avslag',
  'avsluttet',
  'bruker',
  'brukernavn',
  'dokument',
  'dokumentdato',
  'dokumentnummer',
  'eller',
  'enhet',
  'enhetsnavn',
  'er',
  'filnavn',
  'fjernet',
  'forfallsdato',
  'forfallsliste',
  'hendelse',
  'hendelsesloggen',
  'hjemmel',
  'hva',
  'ikke',
  'innsyn',
  'innsynsbehandler',
  'innsynskrav',
  'journaldato',
  'journalpost',
  'journalposter',
  'journalposttype',
  'journalsekvensnummer',
  'journalstatus',
  'kan',
  'klagefrist',
  'kopimottaker',
  'korrespondansepart',
  'korrespondanseparttype',
  'kvittering',
  'lagt',
  'leder',
  'med',
  'medlemskap',
  'merknad',
  'mottaker',
  'mottatt',
  'navn',
  'ny',
  'nytt',
  'og',
  'offentlig',
  'opprettet',
  'registreringsid',
  'rolle',
  'rolletildeling',
  'sak',
  'saker',
  'saksansvarlig',
  'saksbehandler',
  'saksnummer',
  'saksstatus',
  'sakstittel',
  'skjerming',
  'skjermingshjemmel',
  'skjermingsmetadata',
  'skjermingsvarighet',
  'som',
  'svarfrist',
  'taushetsplikt',
  'tilgangsgruppe',
  'tilgangsgrupper',
  'tilgangskode',
  'tittel',
  'uten',
  'utfall',
  'variantformat',
  'versjonsnummer',
]);

/** What is left once the Noark terms in parentheses and the quoted examples are taken out. */
const outsideTermsAndExamples = (text: string) =>
  text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ');

/** A schema name such as JournalPost, which a description may mention. */
const IDENTIFIER = /^[A-Z][a-z]+[A-Z][a-z]/;

function norwegianWords(text: string): string[] {
  return outsideTermsAndExamples(text)
    .split(/[^\p{L}]+/u)
    .filter((w) => !IDENTIFIER.test(w))
    .filter((w) => NORWEGIAN_WORDS.has(w.toLowerCase()) || (w.length > 1 && /[æøå]/i.test(w)));
}

function descriptions(): { where: string; text: string }[] {
  return appTypes().flatMap((t) => [
    { where: t.name, text: t.description ?? '' },
    ...fieldsOf(t).map((f) => ({ where: `${t.name}.${f.name}`, text: f.description ?? '' })),
    ...argumentsOf(t).map(({ where, arg }) => ({ where, text: arg.description ?? '' })),
    ...inputFieldsOf(t).map((f) => ({ where: `${t.name}.${f.name}`, text: f.description ?? '' })),
    ...(isEnumType(t)
      ? t.getValues().map((v) => ({ where: `${t.name}.${v.name}`, text: v.description ?? '' }))
      : []),
  ]);
}

describe('Descriptions are in English, Noark terms in parentheses (a word-list heuristic)', () => {
  it('no description has a known bokmål word outside parentheses and quoted examples', () => {
    const norwegian = descriptions()
      .map(({ where, text }) => ({ where, words: norwegianWords(text) }))
      .filter(({ words }) => words.length > 0)
      .map(({ where, words }) => `${where}: ${words.join(', ')}`);
    expect(norwegian).toEqual([]);
  });

  it('the heuristic flags a bokmål description and passes an English one with its term', () => {
    expect(norwegianWords('Saksnummer, e.g. "2026/123"')).toEqual(['Saksnummer']);
    expect(norwegianWords('Tilgangsgrupper du er medlem av')).not.toEqual([]);
    expect(norwegianWords('Case number (saksnummer), e.g. "2026/123"')).toEqual([]);
    expect(norwegianWords('I: incoming document (inngående dokument)')).toEqual([]);
  });
});
