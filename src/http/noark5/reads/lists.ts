import { type Request } from 'express';
import { badInput } from '../../../domain/errors';
import {
  type ListScope,
  type ListSpec,
  type ODataParams,
  odataPage,
} from '../../../queries/noark5/lists';
import { type Noark5Request, type Noark5Result } from '../http';
import { linkSet } from '../links';
import { type Noark5Kind, type Noark5Object, objectsOf } from '../resources';

/**
 * Lists in the standard's shape: `{count, results, _links: {self, next?}}`; an empty list has
 * count 0 and no `results` member. `next` repeats the client's `$filter`, `$orderby` and `$top`
 * with the server's keyset cursor (`$skiptoken`) in place of `$skip`.
 */

const ODATA = ['$filter', '$orderby', '$top', '$skip', '$skiptoken'];

/** What a list takes: every option, paging only (a fixed order), or none (a whole list). */
export type ListOptions = 'odata' | 'paging' | 'none';

const TAKES: Record<ListOptions, readonly string[]> = {
  odata: ODATA,
  paging: ['$top', '$skip', '$skiptoken'],
  none: [],
};

/** The OData parameters of the request; any other `$` parameter, or one given twice, is 400. */
export function odataParams(req: Request, options: ListOptions): ODataParams {
  const out: Record<string, string> = {};
  const takes = TAKES[options];
  for (const [name, value] of Object.entries(req.query)) {
    if (!name.startsWith('$')) continue;
    if (!takes.includes(name)) {
      throw badInput(
        name,
        'NOT_ALLOWED',
        takes.length
          ? `The query option ${name} is not supported on this list; supported: ${takes.join(', ')}`
          : `The query option ${name} is not supported on this list: it is answered whole`,
      );
    }
    if (typeof value !== 'string') throw badInput(name, 'INVALID_FORMAT', `Give ${name} once`);
    out[name.slice(1)] = value;
  }
  return out;
}

/** A query string with the option names as OData writes them (`$top`, not `%24top`). */
function queryString(params: URLSearchParams): string {
  const parts = [...params].map(
    ([k, v]) => `${k.replace(/[^$\w]/g, encodeURIComponent)}=${encodeURIComponent(v)}`,
  );
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The list body of objects, with `next` when there is more. */
export function listBody(
  req: Request,
  self: string,
  count: number,
  results: Noark5Object[],
  nextToken: string | null,
): Record<string, unknown> {
  const params = new URL(req.originalUrl, self).searchParams;
  const entries: [string, string][] = [['self', `${self}${queryString(params)}`]];
  if (nextToken) {
    params.delete('$skip');
    params.set('$skiptoken', nextToken);
    entries.push(['next', `${self}${queryString(params)}`]);
  }
  return {
    count,
    ...(results.length ? { results } : {}),
    _links: linkSet(entries),
  };
}

/** One page of `base` with the request's OData parameters, answered as a list of `kind`. */
export async function pagedList(
  request: Noark5Request,
  kind: Noark5Kind,
  selfPath: string,
  base: Parameters<typeof odataPage>[1],
  scope: ListScope[],
  spec: ListSpec,
): Promise<Noark5Result> {
  const { req, ctx, links, accessLog } = request;
  const params = odataParams(req, Object.keys(spec.fields).length > 0 ? 'odata' : 'paging');
  const page = await odataPage<Record<string, unknown>>(ctx.em, base, scope, spec, params);
  const results = await objectsOf({ ctx, links, accessLog }, kind, page.rows);
  return {
    status: 200,
    body: listBody(req, links.href(selfPath), page.count.count, results, page.next),
  };
}

/** A whole list (the few children of one record: correspondents, descriptions, files). */
export async function wholeList(
  request: Noark5Request,
  kind: Noark5Kind,
  selfPath: string,
  rows: unknown[],
): Promise<Noark5Result> {
  const { req, ctx, links, accessLog } = request;
  odataParams(req, 'none');
  const results = await objectsOf({ ctx, links, accessLog }, kind, rows);
  return { status: 200, body: listBody(req, links.href(selfPath), results.length, results, null) };
}
