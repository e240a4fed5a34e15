import { describe, expect, it } from 'vitest';
import {
  type DashboardState,
  hrefOf,
  parseUrlState,
  resolveState,
  serialiseUrlState,
  type VisibleScopes,
} from '#web/app/state/url-state.js';

const ADMIN: VisibleScopes = {
  role: 'admin',
  repId: 'ops',
  companyId: 'acme',
  teamIds: ['acme', 'emea', 'emea-north'],
  repIds: ['ops', 'dave'],
};
const MANAGER: VisibleScopes = {
  role: 'manager',
  repId: 'alice',
  companyId: null,
  teamIds: ['emea', 'emea-north'],
  repIds: ['alice', 'dave'],
};
const REP: VisibleScopes = { role: 'rep', repId: 'dave', companyId: null, teamIds: [], repIds: ['dave'] };

const state = (changes: Partial<DashboardState>): DashboardState => ({
  view: 'company',
  team: null,
  rep: null,
  deal: null,
  period: '2016-02',
  sort: null,
  order: null,
  from: null,
  to: null,
  ...changes,
});
const MARKETING: VisibleScopes = { role: 'marketing', repId: 'mia', companyId: null, teamIds: [], repIds: ['mia'] };

describe('parseUrlState', () => {
  it('reads every part of a dashboard URL', () => {
    expect(parseUrlState('?view=team&team=emea&period=2016-Q1&sort=daysOpen&order=desc')).toEqual({
      view: 'team',
      team: 'emea',
      rep: null,
      deal: null,
      period: '2016-Q1',
      sort: 'daysOpen',
      order: 'desc',
      from: null,
      to: null,
    });
    expect(parseUrlState('view=deal&deal=dave-2016-3').deal).toBe('dave-2016-3');
    expect(parseUrlState('?view=rep&rep=dave-apthorp&period=2016-FY')).toMatchObject({
      view: 'rep',
      rep: 'dave-apthorp',
      period: '2016-FY',
    });
  });

  it('gives null for what is missing', () => {
    expect(parseUrlState('')).toEqual({
      view: null,
      team: null,
      rep: null,
      deal: null,
      period: null,
      sort: null,
      order: null,
      from: null,
      to: null,
    });
  });

  it.each([
    ['an unknown view', '?view=admin', 'view'],
    ['a view in capitals', '?view=TEAM', 'view'],
    ['a team id the API would refuse', '?team=../etc', 'team'],
    ['an empty rep', '?rep=', 'rep'],
    ['a rep id with a space', '?rep=dave%20a', 'rep'],
    ['an over-long deal id', `?deal=${'d'.repeat(65)}`, 'deal'],
    ['a month 13', '?period=2016-13', 'period'],
    ['a fifth quarter', '?period=2016-Q5', 'period'],
    ['a year before 1970', '?period=1969-FY', 'period'],
    ['a year after 2199', '?period=2200-01', 'period'],
    ['a date for a period', '?period=2016-02-01', 'period'],
    ['an unknown sort', '?sort=name', 'sort'],
    ['an unknown order', '?order=up', 'order'],
  ] as const)('drops %s', (_case, search, part) => {
    expect(parseUrlState(search)[part]).toBeNull();
  });

  it('never throws, whatever the query', () => {
    for (const search of ['?%', '?view=%E0%A4%A', '?=&&=', `?${'x'.repeat(10_000)}`, '?view=company&view=rep']) {
      expect(() => parseUrlState(search)).not.toThrow();
    }
    // A repeated parameter: the first one counts.
    expect(parseUrlState('?view=company&view=rep').view).toBe('company');
  });
});

describe('serialiseUrlState', () => {
  it('writes only what the view uses, in one order', () => {
    expect(serialiseUrlState(state({ view: 'team', team: 'emea', rep: 'dave', deal: 'x', period: '2016-Q1' }))).toBe(
      '?view=team&team=emea&period=2016-Q1',
    );
    expect(serialiseUrlState(state({ view: 'rep', rep: 'dave', team: 'emea' }))).toBe('?view=rep&rep=dave&period=2016-02');
    expect(serialiseUrlState(state({ view: 'deal', deal: 'd-1', sort: 'amount', order: 'desc' }))).toBe(
      '?view=deal&deal=d-1&period=2016-02',
    );
    expect(serialiseUrlState(state({ sort: 'amount', order: 'desc' }))).toBe('?view=company&period=2016-02&sort=amount&order=desc');
    // No order without a sort.
    expect(serialiseUrlState(state({ order: 'desc' }))).toBe('?view=company&period=2016-02');
  });

  it('reads back as the same state', () => {
    const states = [
      state({}),
      state({ view: 'team', team: 'emea-north', period: '2016-FY', sort: 'daysSinceLastStageChange', order: 'asc' }),
      state({ view: 'rep', rep: 'dave-apthorp', period: '2016-Q4' }),
      state({ view: 'deal', deal: 'dave-2016-3', period: '2016-02' }),
    ];
    for (const original of states) {
      const parsed = parseUrlState(serialiseUrlState(original));
      expect(resolveState(parsed, ADMIN, '2099-01')).toEqual(original);
    }
  });

  it('makes links at the root of the origin', () => {
    expect(hrefOf(state({ view: 'team', team: 'emea' }))).toBe('/?view=team&team=emea&period=2016-02');
  });
});

describe('resolveState: the defaults', () => {
  it('opens on the company, this period, for whoever may see it', () => {
    expect(resolveState(parseUrlState(''), ADMIN, '2026-12')).toEqual(state({ period: '2026-12' }));
  });

  it('opens on the first team a manager may see, and on their own figures for a rep', () => {
    expect(resolveState(parseUrlState(''), MANAGER, '2026-12')).toEqual(state({ view: 'team', team: 'emea', period: '2026-12' }));
    expect(resolveState(parseUrlState(''), REP, '2026-12')).toEqual(state({ view: 'rep', rep: 'dave', period: '2026-12' }));
  });

  it('falls back to the default for a view that lacks its scope', () => {
    expect(resolveState(parseUrlState('?view=team&period=2016-02'), ADMIN, '2026-12').view).toBe('company');
    expect(resolveState(parseUrlState('?view=deal'), REP, '2026-12')).toEqual(state({ view: 'rep', rep: 'dave', period: '2026-12' }));
    expect(resolveState(parseUrlState('?view=company'), REP, '2026-12').view).toBe('rep');
    // A rep view without a rep is the caller's own.
    expect(resolveState(parseUrlState('?view=rep&period=2016-02'), MANAGER, '2026-12')).toEqual(state({ view: 'rep', rep: 'alice' }));
  });

  it('keeps a scope the user may not see, for the API to answer "not found"', () => {
    expect(resolveState(parseUrlState('?view=rep&rep=chloe&period=2016-02'), REP, '2026-12')).toEqual(state({ view: 'rep', rep: 'chloe' }));
    expect(resolveState(parseUrlState('?view=team&team=americas&period=2016-02'), REP, '2026-12')).toEqual(
      state({ view: 'team', team: 'americas' }),
    );
  });

  it('replaces an invalid period by the current one and keeps the rest', () => {
    expect(resolveState(parseUrlState('?view=team&team=emea&period=2016-Q9'), ADMIN, '2026-12')).toEqual(
      state({ view: 'team', team: 'emea', period: '2026-12' }),
    );
  });
});

describe('the leads page', () => {
  const leads = (changes: Partial<DashboardState>) => state({ view: 'leads', from: '2015-03', to: '2016-02', ...changes });

  it('reads and writes its scope and range of months, and no period or sort', () => {
    expect(parseUrlState('?view=leads&team=emea&from=2015-07&to=2016-06')).toMatchObject({
      view: 'leads',
      team: 'emea',
      from: '2015-07',
      to: '2016-06',
    });
    expect(serialiseUrlState(leads({ team: 'emea', sort: 'amount', order: 'asc' }))).toBe('?view=leads&team=emea&from=2015-03&to=2016-02');
    expect(serialiseUrlState(leads({ rep: 'dave' }))).toBe('?view=leads&rep=dave&from=2015-03&to=2016-02');
    expect(hrefOf(leads({}))).toBe('/?view=leads&from=2015-03&to=2016-02');
    for (const original of [leads({}), leads({ team: 'emea-north' }), leads({ rep: 'dave', from: '2014-03', to: '2016-02' })])
      expect(resolveState(parseUrlState(serialiseUrlState(original)), ADMIN, '2016-02')).toEqual(original);
  });

  it('opens on the last 12 months of the company for marketing and admins, a first team or oneself for others', () => {
    expect(resolveState(parseUrlState('?view=leads'), ADMIN, '2016-02')).toEqual(leads({}));
    expect(resolveState(parseUrlState('?view=leads'), MARKETING, '2016-02')).toEqual(leads({}));
    expect(resolveState(parseUrlState('?view=leads'), MANAGER, '2016-02')).toEqual(leads({ team: 'emea' }));
    expect(resolveState(parseUrlState('?view=leads'), REP, '2016-02')).toEqual(leads({ rep: 'dave' }));
    // Across a year's end.
    expect(resolveState(parseUrlState('?view=leads'), ADMIN, '2016-12')).toMatchObject({ from: '2016-01', to: '2016-12' });
  });

  it('sends marketing to the leads page whatever view the URL names', () => {
    for (const search of ['', '?view=company&period=2016-02', '?view=rep&rep=dave', '?view=deal&deal=d-1', '?view=team&team=emea'])
      expect(resolveState(parseUrlState(search), MARKETING, '2016-02').view).toBe('leads');
  });

  it('takes one end alone with the default length, and replaces a range the API would refuse by the default', () => {
    expect(resolveState(parseUrlState('?view=leads&from=2015-01'), ADMIN, '2016-02')).toMatchObject({ from: '2015-01', to: '2015-12' });
    expect(resolveState(parseUrlState('?view=leads&to=2015-06'), ADMIN, '2016-02')).toMatchObject({ from: '2014-07', to: '2015-06' });
    // 24 months is the longest; 25 is refused, as is a range that ends before it starts or a month that is no month.
    expect(resolveState(parseUrlState('?view=leads&from=2014-03&to=2016-02'), ADMIN, '2016-02')).toMatchObject({ from: '2014-03' });
    for (const search of ['from=2014-02&to=2016-02', 'from=2016-02&to=2015-12', 'from=2016-13&to=2016-02', 'from=2016-1&to=2016-02'])
      expect(resolveState(parseUrlState(`?view=leads&${search}`), ADMIN, '2016-02')).toMatchObject({ from: '2015-03', to: '2016-02' });
  });
});
