import { type ServiceContext } from '../../services/context';
import { type AccessLog } from '../../services/accessLog';
import { type LinkSet, type Links } from './links';

/** PLACEHOLDER (replaced at merge): the representations of records, by helper "reads". */

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

/**
 * The record `id` of `kind` as the viewer reads it (the REDACTED form where they read it so), or
 * null when they do not see it. Full reads of restricted records are noted in `accessLog`.
 */
export function representation(
  _ctx: ServiceContext,
  _kind: Noark5Kind,
  id: string,
  _links: Links,
  _accessLog: AccessLog,
): Promise<Noark5Object | null> {
  return Promise.resolve({ systemID: id, _links: {} });
}

/** The ETag of a saksmappe or journalpost: its version, as a strong entity tag (`"<version>"`). */
export function etagOf(version: number): string {
  return `"${version}"`;
}
