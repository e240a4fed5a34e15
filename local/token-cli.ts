/**
 * `npm run token -- --rep <repId> --role rep|manager|admin [--expires-in 1h] [--data-dir .data]`:
 * prints a signed ID token for that rep and role, and nothing else on stdout, so that
 * `TOKEN=$(npm run -s token -- --rep alice --role admin)` works. Signed with the data
 * directory's key, the one `npm start` verifies with (created here if there is none yet).
 * The token names a rep; the API refuses it (403) while that rep does not exist or is inactive.
 *
 * Exit codes: 0 printed, 1 bad arguments or an unreadable key file (message on stderr).
 */
import './quiet-sdk-node-warning.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { Id } from '#core/shared/common-schemas.js';
import { ROLES } from '#core/shared/principal.js';
import { createLocalIssuer, DEFAULT_TOKEN_LIFETIME, lifetimeSeconds } from './identity/local-issuer.js';
import { loadOrCreateSigningKey } from './identity/signing-key.js';
import { defaultDataDirectory } from './runtime-file.js';

const USAGE = `Usage: npm run token -- --rep <repId> --role ${ROLES.join('|')} [--expires-in ${DEFAULT_TOKEN_LIFETIME}] [--data-dir .data]

  --rep         the rep the token speaks for (custom:repId)
  --role        rep (no group), manager or admin (cognito:groups)
  --expires-in  lifetime: 30m, 8h, 1d ... between 5 minutes and 1 day, as Cognito allows (default ${DEFAULT_TOKEN_LIFETIME})
  --data-dir    the data directory of the npm start that should accept it (default .data, or the folder of the one running in-memory npm start)

Send it as: curl -H "authorization: Bearer $TOKEN" ...`;

const TokenArguments = z.object({
  rep: Id,
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  'expires-in': z.string().refine(
    (value) => {
      try {
        lifetimeSeconds(value);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be a lifetime like 30m, 8h or 1d, between 5 minutes and 1 day' },
  ),
  'data-dir': z.string().min(1).optional(),
});

export interface TokenCliOutput {
  /** The token. @default stdout */
  readonly out?: (line: string) => void;
  /** Errors and usage. @default stderr */
  readonly err?: (line: string) => void;
}

/** Runs the command; resolves with the exit code. Errors are printed, not thrown. */
function parseTokenArguments(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      rep: { type: 'string' },
      role: { type: 'string' },
      'expires-in': { type: 'string', default: DEFAULT_TOKEN_LIFETIME },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export async function tokenCli(argv: readonly string[], output: TokenCliOutput = {}): Promise<number> {
  const out = output.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = output.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let values: ReturnType<typeof parseTokenArguments>['values'];
  try {
    ({ values } = parseTokenArguments(argv));
  } catch (error) {
    err(`token: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    err(USAGE);
    return 0;
  }
  const parsed = TokenArguments.safeParse(values);
  if (!parsed.success) {
    const given = values as Readonly<Record<string, unknown>>;
    const problems = parsed.error.issues.map(
      (issue) => `  --${issue.path.join('.')}: ${given[String(issue.path[0])] === undefined ? 'required' : issue.message}`,
    );
    err(`token: bad arguments\n${problems.join('\n')}\n\n${USAGE}`);
    return 1;
  }
  const { rep, role, 'expires-in': expiresIn, 'data-dir': dataDirectory } = parsed.data;
  try {
    const key = await loadOrCreateSigningKey(path.resolve(dataDirectory ?? (await defaultDataDirectory())));
    out(await createLocalIssuer(key).issueToken({ repId: rep, role, expiresIn }));
    return 0;
  } catch (error) {
    err(`token: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await tokenCli(process.argv.slice(2));
}
