import express, { type Router } from 'express';
import packageJson from '../../../package.json';
import { readRoutes } from './reads';
import { writeRoutes } from './writes';
import { type Noark5Deps, noark5Route, sendFeil } from './http';
import { linkSet, rel } from './links';

/**
 * The Noark 5 service interface (tjenestegrensesnitt) under `/noark5v5/api/`
 * (docs/noark5-service-interface.md): the root, the reads (`reads/`) and the deliveries of
 * specialist systems (`writes/`), every one a thin adapter over the same queries and services as
 * GraphQL. Mounted at NOARK5_MOUNT by http/app.ts.
 */
export function noark5Routes(deps: Noark5Deps): Router {
  const router = express.Router({ caseSensitive: true, strict: false });

  // The root: what this archive core offers (konformitetsnivå 1 arkivstruktur and 2a sakarkiv).
  router.get(
    '/api',
    noark5Route(deps, ({ links }) =>
      Promise.resolve({
        status: 200,
        body: {
          _links: linkSet([
            [rel('admin/system'), links.href('admin/system/')],
            [rel('arkivstruktur'), links.href('arkivstruktur/')],
            [rel('sakarkiv'), links.href('sakarkiv/')],
          ]),
        },
      }),
    ),
  );

  // Systeminformasjon: which product speaks which version of the standard.
  router.get(
    '/api/admin/system',
    noark5Route(deps, ({ links }) =>
      Promise.resolve({
        status: 200,
        body: {
          leverandoer: 'Arkivgraf',
          produkt: 'Arkivgraf',
          versjon: packageJson.version,
          protokollversjon: '1.0',
          _links: linkSet([['self', links.href('admin/system/')]]),
        },
      }),
    ),
  );

  readRoutes(router, deps);
  writeRoutes(router, deps);

  // Anything else under the interface: the standard's 404 in its shape, never an HTML page.
  router.use((req, res) => {
    sendFeil(res, 404, `Not Found: ${req.path}`, { code: 'NOT_FOUND' });
  });
  return router;
}
