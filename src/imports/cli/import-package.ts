// `npm run import:archive-package -- <package.tar> --organisation <short name> --as <username>`:
// imports a Noark 5 deposit package (arkivuttrekk) into an organisation that holds no records yet,
// as one of its archivists (docs/noark5.md, "Import"). Run as the database owner, like the other
// command lines; the import itself runs in a transaction set to the organisation, with its audit
// event. Prints what was imported and every element the import did not map; exits 1 on a refusal.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadConfigOrExit } from '../../config';
import { exitWhenDone, openDatabase } from '../../db/database';
import { AppError } from '../../domain/errors';
import { findOrganisation } from '../../queries/organisations';
import { importArchivePackage } from '../../services/archiveImports';

const USAGE =
  'Usage: npm run import:archive-package -- <package.tar> --organisation <short name> --as <username>';

interface Args {
  file: string;
  organisation: string;
  username: string;
}

function parse(args: string[]): Args | null {
  const named = new Map<string, string>();
  const plain: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--organisation' || arg === '--as') {
      const value = args[i + 1];
      if (!value || value.startsWith('-') || named.has(arg)) return null;
      named.set(arg, value);
      i += 1;
    } else if (arg.startsWith('-')) return null;
    else plain.push(arg);
  }
  const organisation = named.get('--organisation');
  const username = named.get('--as')?.trim().toLowerCase();
  if (plain.length !== 1 || !organisation || !username) return null;
  return { file: plain[0]!, organisation, username };
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (!args) {
    console.error(USAGE);
    return 1;
  }
  const config = loadConfigOrExit();
  const db = await openDatabase(config, { attachIfRunning: true });
  try {
    const em = db.orm.em.fork();
    const organisation = await findOrganisation(em, args.organisation);
    if (!organisation) {
      console.error(
        `No organisation ${args.organisation}: see the directory (query organisations)`,
      );
      return 1;
    }
    const result = await importArchivePackage(em, {
      organisationId: organisation.id,
      username: args.username,
      file: args.file,
      requestId: `cli-${randomUUID()}`,
    });
    console.log(
      `Imported into ${organisation.shortName}: ${result.cases} cases, ${result.journalPosts} journal posts, ` +
        `${result.documentDescriptions} documents, ${result.documentFiles} files (package SHA-256 ${result.packageSha256})`,
    );
    for (const c of result.checkedFiles)
      console.log(`Checksum of ${c.name} matches arkivuttrekk.xml`);
    for (const u of result.unknownElements) {
      console.log(`Not imported: ${u.count} × ${u.path}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      const listed = err.extensions.errors;
      if (Array.isArray(listed)) for (const line of listed) console.error(`- ${String(line)}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

exitWhenDone(main(process.argv.slice(2)));
