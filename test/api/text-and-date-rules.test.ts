/**
 * Names, labels and free text refuse what would make them lie or break a page (control
 * characters, bidirectional overrides, unpaired surrogates, nothing visible), and business
 * dates stay in the years the period arithmetic supports. Through the real handler, with
 * no database: each refusal is a 400 (the schema's) naming the field, before any store is called.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiReply, type ApiRequest, apiClientOf } from '../support/api-requests.js';
import { callerOnlyDatabase } from '../support/caller-only-database.js';
import { fixedClock } from '../support/fixed-clock.js';

const handler = createApiHandler(
  {
    documentClient: callerOnlyDatabase(async () => {
      throw new Error('a refused request must not reach the database beyond the caller');
    }),
    tableName: 'unused',
    clock: fixedClock('2026-02-15T12:00:00Z'),
  },
  { logger: new Logger({ logLevel: 'SILENT' }) },
);
const send: (request: ApiRequest) => Promise<ApiReply> = apiClientOf(handler);

const opportunity = {
  name: 'Widgets',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2026-02-20',
  amount: 40_000_00,
};
const rep = { name: 'Dave', email: 'dave@example.com', teamId: 'north' };
const team = { name: 'North', parentTeamId: 'acme' };

function expectRefused(reply: ApiReply, field: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.headers['content-type']).toBe('application/problem+json');
  expect(reply.body.errors.map((issue: { field: string }) => issue.field)).toContain(field);
}

const unsafeNames: [string, string][] = [
  ['a NUL', 'Wid\u0000gets'],
  ['an ESC (terminal escape)', '\u001b[31mWidgets'],
  ['a C1 control', 'Widgets\u0085'],
  ['a right-to-left override', 'Widgets \u202etxt.exe'],
  ['a bidirectional isolate', '\u2067Widgets'],
  ['only zero-width spaces', '\u200b\u200b'],
  ['only a zero-width joiner and spaces', ' \u200d '],
  ['a lone high surrogate', 'Widgets \ud83d'],
  ['a lone low surrogate', '\ude00 Widgets'],
  ['a noncharacter', 'Widgets\uffff'],
  ['a line break in a one-line name', 'Wid\ngets'],
];

describe('names and labels', () => {
  it.each(unsafeNames)('refuses an opportunity name with %s', async (_case, name) => {
    expectRefused(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, name } }), 'name');
  });

  it.each(unsafeNames)('refuses an account, rep, team, stage and product family with %s', async (_case, text) => {
    expectRefused(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, account: text } }), 'account');
    expectRefused(await send({ method: 'PUT', path: '/reps/dave', body: { ...rep, name: text } }), 'name');
    expectRefused(await send({ method: 'PUT', path: '/teams/north', body: { ...team, name: text } }), 'name');
    const stages = [
      { id: 'open', name: text, probability: 10, outcome: 'open' },
      { id: 'won', name: 'Won', probability: 100, outcome: 'won' },
      { id: 'lost', name: 'Lost', probability: 0, outcome: 'lost' },
    ];
    expectRefused(await send({ method: 'PUT', path: '/stages', body: { stages } }), 'stages.0.name');
    const productLines = [{ productFamily: text, amount: 100 }];
    expectRefused(
      await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, amount: undefined, productLines } }),
      'productLines.0.productFamily',
    );
  });

  it('refuses control characters in optional text, but lets free text keep its line breaks and tabs', async () => {
    expectRefused(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, campaign: 'Spring\u0000' } }), 'campaign');
    expectRefused(
      await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, leadSource: 'Web\u202e' } }),
      'leadSource',
    );
    expectRefused(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, closePlan: 'call\u0007' } }), 'closePlan');
    expectRefused(
      await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, discountRationale: 'x\ud800' } }),
      'discountRationale',
    );
  });
});

describe('business dates', () => {
  it.each([
    ['closeDate', { closeDate: '0000-01-01' }],
    ['closeDate', { closeDate: '9999-12-31' }],
    ['closeDate', { closeDate: '1969-12-31' }],
    ['closeDate', { closeDate: '2200-01-01' }],
    ['createdAt', { createdAt: '0000-01-01T00:00:00Z' }],
    ['createdAt', { createdAt: '0099-06-01T00:00:00Z' }],
    ['goNoGoDate', { goNoGoDate: '9999-01-01' }],
  ])('refuses %s outside the years 1970-2199 (%o)', async (field, change) => {
    expectRefused(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...opportunity, ...change } }), field);
  });

  it('refuses target and commission-level months outside them', async () => {
    expectRefused(
      await send({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'dave', amounts: { '9999-12': 100 } } }),
      'amounts.9999-12',
    );
    const bands = [{ from: 0, to: null, ratePercent: 2 }];
    expectRefused(
      await send({ method: 'PUT', path: '/commission-levels', body: { repId: 'dave', fromMonth: '0000-01', bands } }),
      'fromMonth',
    );
  });
});

describe('the detail of a refused field', () => {
  it('does not repeat the field before a message that names it', async () => {
    const { invalidField } = await import('#core/shared/errors.js');
    expect(invalidField('stageId', "stage 'no-such-stage' is not in the stage configuration").message).toBe(
      "stage 'no-such-stage' is not in the stage configuration",
    );
    expect(invalidField('createdAt', 'must not be in the future').message).toBe('createdAt must not be in the future');
    expect(invalidField('stageId', "stage 'x' is not in the stage configuration").issues).toEqual([
      { field: 'stageId', message: "stage 'x' is not in the stage configuration" },
    ]);
  });
});
