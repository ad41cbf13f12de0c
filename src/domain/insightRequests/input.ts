import { badInput } from '../errors';

/** Checks of what the public types into an insight request. */

/** At most this many journal posts in one request (duplicates counted once). */
export const MAX_ITEMS = 50;
export const MAX_EMAIL = 254;
export const MAX_NAME = 200;
export const MAX_MESSAGE = 4000;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** letters and digits of any script (æøå in a domain), with hyphens inside a label */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const LOCAL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u00a0-\uffff-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u00a0-\uffff-]+)*$/u;

/**
 * An e-mail address to answer to: `local@domain.tld`, at most 254 characters (RFC 5321), the
 * local part at most 64, a domain of at least two labels with a top level of letters. Quoted
 * local parts and IP literals are not accepted: nobody asks for insight from one.
 */
export function checkEmail(value: string | null | undefined, field = 'requesterEmail'): string {
  const email = (value ?? '').trim();
  if (!email) throw badInput(field, 'REQUIRED', 'Give an e-mail address for the answer');
  if (email.length > MAX_EMAIL) {
    throw badInput(
      field,
      'TOO_LONG',
      `The e-mail address must be at most ${MAX_EMAIL} characters`,
      { max: MAX_EMAIL },
    );
  }
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const ok =
    at > 0 &&
    !CONTROL.test(email) &&
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    /^\p{L}{2,}$/u.test(labels.at(-1)!);
  if (!ok) {
    throw badInput(field, 'INVALID_FORMAT', 'The e-mail address is not valid (name@example.no)');
  }
  return email;
}

function optionalText(
  field: string,
  value: string | null | undefined,
  max: number,
  what: string,
  lines: boolean,
): string | null {
  const text = value?.trim() || null;
  if (text === null) return null;
  if (text.length > max) {
    throw badInput(field, 'TOO_LONG', `${what} must be at most ${max} characters`, { max });
  }
  if ((lines ? CONTROL_BUT_LINES : CONTROL).test(text)) {
    throw badInput(field, 'INVALID_FORMAT', `${what} contains control characters`);
  }
  return text;
}

export const checkName = (value: string | null | undefined) =>
  optionalText('requesterName', value, MAX_NAME, 'The name', false);

export const checkMessage = (value: string | null | undefined) =>
  optionalText('message', value, MAX_MESSAGE, 'The message', true);
