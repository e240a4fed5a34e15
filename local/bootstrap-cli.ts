/**
 * `npm run bootstrap -- --company <teamId> --company-name <name> --admin <repId> --name <name> --email <email>`:
 * the first run of an organisation: its company (root team) and first admin rep. Every API
 * call needs an active rep behind its token, so the first one is written here, straight
 * into the table (the running `npm start` by default, or `--endpoint URL --table NAME`, or
 * on AWS `--table NAME` with the usual AWS credentials). Refused once any team exists.
 *
 * `npm run bootstrap -- --recover-admin <repId>` is the way back when no admin can act
 * (an admin's rep was deactivated by another): it reactivates that rep, audited. The role
 * is the identity provider's: on AWS the user must also be in the Cognito group `admin`.
 *
 * Exit codes: 0 set up (or recovered), 1 bad arguments, already set up or unknown rep (message on stderr).
 */
import './quiet-sdk-node-warning.js';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { bootstrapOrganisation } from '#core/organisation/bootstrap-organisation.js';
import { recoverAdminRep } from '#core/organisation/recover-admin-rep.js';
import { systemClock } from '#core/shared/clock.js';
import { Id, singleLineText } from '#core/shared/common-schemas.js';
import { adaptersOf } from '#functions/composition-root.js';
import { cliTableOf } from './cli-table.js';

const USAGE = `Usage: npm run bootstrap -- --company <teamId> --company-name <name> --admin <repId> --name <name> --email <email>
                         [--endpoint URL --table NAME | --table NAME] [--data-dir .data]
       npm run bootstrap -- --recover-admin <repId> [--endpoint URL --table NAME | --table NAME] [--data-dir .data]`;

const BootstrapArguments = z.object({
  company: Id,
  'company-name': singleLineText(200),
  admin: Id,
  name: singleLineText(200),
  email: z.email(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      company: { type: 'string' },
      'company-name': { type: 'string' },
      admin: { type: 'string' },
      'recover-admin': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (values['recover-admin'] !== undefined) return recover(values['recover-admin'], values);
  const parsed = BootstrapArguments.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    process.exitCode = 1;
    return;
  }
  const args = parsed.data;
  const { documentClient, tableName } = await cliTableOf({
    endpoint: values.endpoint,
    table: values.table,
    dataDirectory: values['data-dir'],
  });
  try {
    const { team, rep } = await bootstrapOrganisation(adaptersOf({ documentClient, tableName, clock: systemClock }), {
      company: { id: args.company, name: args['company-name'] },
      admin: { id: args.admin, name: args.name, email: args.email },
    });
    console.log(`Set up ${tableName}: company '${team.id}' (${team.name}) and its first admin, rep '${rep.id}'.`);
    console.log(
      `Locally: TOKEN=$(npm run -s token -- --rep ${rep.id} --role admin). On AWS: a user pool user with custom:repId=${rep.id} in the group admin.`,
    );
  } finally {
    documentClient.destroy();
  }
}

async function recover(repId: string, values: { endpoint?: string; table?: string; 'data-dir'?: string }): Promise<void> {
  const parsed = Id.safeParse(repId);
  if (!parsed.success) {
    console.error(`--recover-admin: ${parsed.error.issues[0]?.message}`);
    console.error(USAGE);
    process.exitCode = 1;
    return;
  }
  const { documentClient, tableName } = await cliTableOf({
    endpoint: values.endpoint,
    table: values.table,
    dataDirectory: values['data-dir'],
  });
  try {
    const { rep, outcome } = await recoverAdminRep(
      { ...adaptersOf({ documentClient, tableName, clock: systemClock }), clock: systemClock },
      parsed.data,
    );
    console.log(
      outcome === 'unchanged'
        ? `Rep '${rep.id}' is active already: nothing changed.`
        : `Reactivated rep '${rep.id}' in ${tableName} (audited).`,
    );
    console.log(
      `Locally: TOKEN=$(npm run -s token -- --rep ${rep.id} --role admin). On AWS: the user with custom:repId=${rep.id} must be in the group admin.`,
    );
  } finally {
    documentClient.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
