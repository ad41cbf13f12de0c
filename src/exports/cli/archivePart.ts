// `npm run export:archive-part -- <archive part id> <file> --as <username> [--organisation <short name>]`:
// exports a closed archive part (arkivdel) as a Noark 5 deposit package (arkivuttrekk) into
// <file>, synchronously, through the same service as the GraphQL mutation exportArchivePart: as
// the archivist named by --as (the write funnel's checks and the audit event are theirs), on the
// application's role (row-level security, as the server). Progress goes to standard output; an
// error is one line on standard error and exit code 1.
import 'reflect-metadata';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { type MikroORM } from '@mikro-orm/postgresql';
import { localSecret } from '../../auth/secret';
import { loadConfigOrExit } from '../../config';
import { connectDatabase, exitWhenDone, openDatabase } from '../../db/database';
import { AppError } from '../../domain/errors';
import { deriveLinkKey } from '../../domain/insightRequests';
import { todayInOslo } from '../../domain/workingDays';
import { ArchiveExportState } from '../../entities/ArchiveExport';
import { createLogger } from '../../http/logger';
import { defineAbilityFor } from '../../policies/ability';
import { idOf } from '../../schema/globalId';
import { exportArchivePart, runExport } from '../../services/archiveExports';
import { type ServiceContext } from '../../services/context';
import { beginRequest, endRequest } from '../../services/requestScope';

const USAGE =
  'Usage: npm run export:archive-part -- <archive part id> <file> --as <username> [--organisation <short name>]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Args {
  partId: string;
  file: string;
  username: string;
  organisation?: string;
}

function parse(args: string[]): Args | null {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i]!;
    if (a === '--as' || a === '--organisation') {
      const value = args[i + 1];
      if (!value || value.startsWith('--')) return null;
      options[a.slice(2)] = value;
      i += 1;
    } else if (a.startsWith('--')) {
      return null;
    } else {
      positional.push(a);
    }
  }
  const [part, file, ...rest] = positional;
  const partId = part && (UUID.test(part) ? part.toLowerCase() : idOf('ArchivePart', part));
  if (!partId || !file || rest.length || !options.as) return null;
  return { partId, file, username: options.as.toLowerCase(), organisation: options.organisation };
}

/** Runs the export on an open database (its owner's `orm` migrated it; `app` acts as the server). */
export async function exportArchivePartCommand(
  app: MikroORM,
  config: ReturnType<typeof loadConfigOrExit>,
  args: string[],
  io: Output,
): Promise<number> {
  const parsed = parse(args);
  if (!parsed) {
    io.err(USAGE);
    return 1;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const em = app.em.fork();
  const requestId = `cli-export-${Date.now()}`;
  let ctx: ServiceContext;
  let open = false;
  try {
    const { viewer, organisation } = await beginRequest(
      em,
      { username: parsed.username, organisation: parsed.organisation },
      undefined,
    );
    open = true;
    ctx = {
      requestId,
      em,
      viewer,
      organisation,
      today: todayInOslo(),
      publicJournal: config.publicJournal,
      ability: defineAbilityFor(viewer),
      insight: {
        settings: config.insight,
        linkKey: deriveLinkKey(
          config.insight.linkSecret,
          config.insight.linkSecret ? new Uint8Array() : localSecret(config),
        ),
        now: () => new Date(),
        publicBaseUrl: config.mail.publicBaseUrl,
      },
      clientAddress: 'cli',
      log,
    };
    const job = await exportArchivePart(ctx, parsed.partId, null);
    await endRequest(em, true);
    open = false;
    io.out(`Export ${job.id} of archive part ${parsed.partId} started as ${parsed.username}`);
    let printed = 0;
    const final = await runExport(
      app.em,
      { exportDir: config.exportDir, publicJournal: config.publicJournal, today: todayInOslo, log },
      organisation!.id,
      job.id,
      {
        onProgress: (p) => {
          if (p.state !== ArchiveExportState.RUNNING || Date.now() - printed < 1000) return;
          printed = Date.now();
          io.out(`${p.recordsDone} of ${p.recordsTotal ?? '?'} journal posts written`);
        },
      },
    );
    if (final.state !== ArchiveExportState.SUCCEEDED) {
      for (const e of final.errors) io.err(e);
      io.err(`The export failed (${final.errors.length} errors); no package was written`);
      return 1;
    }
    const target = path.resolve(parsed.file);
    await copyFile(path.join(config.exportDir, final.package_file!), target);
    io.out(`${final.records_done} journal posts exported`);
    io.out(`Package: ${target}`);
    io.out(`Size: ${final.package_size} bytes`);
    io.out(`SHA-256: ${final.package_sha256}`);
    return 0;
  } catch (err) {
    if (open) await endRequest(em, false).catch(() => undefined);
    io.err(err instanceof AppError ? `${err.extensions.code}: ${err.message}` : String(err));
    return 1;
  }
}

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  // Attach to the server's embedded PostgreSQL when it is running, so this works beside it.
  const db = await openDatabase(config, { attachIfRunning: true });
  const app = await connectDatabase(config, db.url);
  try {
    return await exportArchivePartCommand(app, config, process.argv.slice(2), {
      out: (l) => console.log(l),
      err: (l) => console.error(l),
    });
  } finally {
    await app.close(true);
    await db.close();
  }
}

if (require.main === module) exitWhenDone(main());
