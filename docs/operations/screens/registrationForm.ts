/**
 * The registration form for an incoming letter (registrere inngående brev), from the types
 * `npm run codegen` generates from RegisterIncomingLetter.graphql, and how it places the API's
 * errors next to its fields (docs/api-conventions.md, "Errors"), without a cast.
 */
import type {
  CorrespondentInput,
  RegisterIncomingLetterMutation,
  RegisterIncomingLetterMutationVariables,
} from '../generated/graphql';

/** What the user typed; empty strings are fields left blank. */
export interface LetterForm {
  caseId: string;
  title: string;
  documentDate: string;
  senders: { name: string; address: string }[];
  /** The archive registers it before its screening is assessed (midlertidig skjerming, XX) */
  screeningPending: boolean;
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

export function registerLetterVariables(form: LetterForm): RegisterIncomingLetterMutationVariables {
  const correspondents: CorrespondentInput[] = form.senders.map((s) => ({
    role: 'SENDER',
    name: s.name.trim(),
    address: blankToNull(s.address),
  }));
  return {
    input: {
      caseId: form.caseId,
      type: 'INCOMING',
      title: form.title.trim(),
      documentDate: blankToNull(form.documentDate),
      correspondents,
      screeningPending: form.screeningPending,
    },
  };
}

/** The registry id the form shows after saving, e.g. "2026/30-4". */
export function savedMessage(data: RegisterIncomingLetterMutation): string {
  const post = data.registerJournalPost;
  return `${post.registryId} ${post.status === 'TEMPORARY' ? 'er midlertidig registrert' : 'er registrert'}`;
}

/** One entry of `extensions.fieldErrors`. */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** An error as a GraphQL response carries it. */
export interface ResponseError {
  message: string;
  extensions?: Record<string, unknown>;
}

function isFieldError(value: unknown): value is FieldError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'path' in value &&
    Array.isArray(value.path) &&
    value.path.every((p: unknown) => typeof p === 'string' || typeof p === 'number') &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

/**
 * Errors where the form shows them: per field under its key ("title",
 * "correspondents.0.name": the path without the `input` argument), and the rest above the form.
 */
export interface PlacedErrors {
  fields: Map<string, FieldError[]>;
  form: string[];
}

export function placeErrors(errors: readonly ResponseError[]): PlacedErrors {
  const placed: PlacedErrors = { fields: new Map(), form: [] };
  for (const error of errors) {
    const fieldErrors = error.extensions?.['fieldErrors'];
    const list = Array.isArray(fieldErrors) ? fieldErrors.filter(isFieldError) : [];
    if (list.length === 0) {
      placed.form.push(error.message);
      continue;
    }
    for (const fieldError of list) {
      const key = fieldError.path.slice(1).join('.');
      placed.fields.set(key, [...(placed.fields.get(key) ?? []), fieldError]);
    }
  }
  return placed;
}
