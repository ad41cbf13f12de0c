// Prints a local-mode access token for an active user, and nothing else on stdout, so scripts can
// do TOKEN=$(npm run -s token -- leder). It lives AUTH_MAX_TOKEN_LIFETIME_HOURS (12 by default), or
// the fewer hours asked for. Everything meant for a person goes to stderr. A person who works for
// several organisations has one user row in each: the token is bound to one of them (its `org`
// claim), named by --organisation, or the only one.
import 'reflect-metadata';
import { type EntityManager } from '@mikro-orm/postgresql';
import { loadConfigOrExit } from '../../config';
import { exitWhenDone, openDatabase } from '../../db/database';
import { inOrganisation } from '../../db/organisationScope';
import { organisationsOfUser, type OrganisationRow } from '../../queries/organisations';
import { loadViewer } from '../loadViewer';
import { localSecret } from '../secret';
import { issueLocalToken } from '../tokens';

const USAGE = 'Usage: npm run token -- <username> [hours] [--organisation <short name>]';

// Only the token may reach stdout, yet libraries print there on their own (MikroORM's migrator logs
// each migration it applies through console.log). Keep the real stdout for the token and send
// everything else written to it to stderr.
const printToken = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

/** The positional arguments and the value of --organisation; null when they do not parse. */
function parse(args: string[]): { positional: string[]; organisation?: string } | null {
  const positional: string[] = [];
  let organisation: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--organisation' || arg === '-o') {
      const value = args[++i];
      if (!value || organisation !== undefined) return null;
      organisation = value;
    } else if (arg.startsWith('--organisation=')) {
      if (organisation !== undefined) return null;
      organisation = arg.slice('--organisation='.length);
    } else if (arg.startsWith('-')) return null;
    else positional.push(arg);
  }
  return { positional, organisation };
}

/** The organisation the token acts in: the one named, else the user's only one. */
async function chooseOrganisation(
  em: EntityManager,
  username: string,
  named: string | undefined,
): Promise<OrganisationRow | string> {
  const theirs = await organisationsOfUser(em, username);
  const list = theirs.map((o) => `${o.shortName} (${o.name})`).join(', ');
  if (named !== undefined) {
    const ref = named.toLowerCase();
    const chosen = theirs.find((o) => o.shortName === ref || o.id === ref);
    if (chosen) return chosen;
    return theirs.length
      ? `${username} is no active user of the organisation ${named}; they work for: ${list}`
      : `No active user named ${username}`;
  }
  if (theirs.length === 1) return theirs[0]!;
  if (theirs.length === 0) return `No active user named ${username}`;
  return `${username} works for several organisations: name one with --organisation <short name> (${list})`;
}

async function main(args: string[]): Promise<number> {
  const parsed = parse(args);
  const [username, hoursArg] = parsed?.positional ?? [];
  if (!parsed || !username || parsed.positional.length > 2) {
    console.error(USAGE);
    return 1;
  }
  const config = loadConfigOrExit();
  if (config.auth.mode !== 'local') {
    console.error(
      'Tokens come from the identity provider in OIDC mode (AUTH_JWKS_URL is set); this command only issues local-mode tokens.',
    );
    return 1;
  }
  // The server refuses a token that lives longer than its maximum: issue none.
  const max = config.auth.maxTokenLifetimeHours;
  const hours = hoursArg === undefined ? max : Number(hoursArg);
  if (!Number.isInteger(hours) || hours < 1 || hours > max) {
    console.error(
      `hours must be a whole number from 1 to ${max} (AUTH_MAX_TOKEN_LIFETIME_HOURS), got ${JSON.stringify(hoursArg)}`,
    );
    return 1;
  }
  // Attach to the server's embedded PostgreSQL when it is running, so this works beside it.
  const db = await openDatabase(config, { attachIfRunning: true });
  try {
    const organisation = await chooseOrganisation(db.orm.em, username, parsed.organisation);
    if (typeof organisation === 'string') {
      console.error(organisation);
      return 1;
    }
    const viewer = await inOrganisation(db.orm.em, organisation.id, (em) =>
      loadViewer(em, { username }),
    );
    if (!viewer) {
      console.error(`No active user named ${username}`);
      return 1;
    }
    const token = await issueLocalToken(
      localSecret(config),
      viewer.username,
      hours * 3600,
      organisation.shortName,
    );
    printToken(`${token}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

exitWhenDone(main(process.argv.slice(2)));
