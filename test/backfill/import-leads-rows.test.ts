/** Reading the rows of a lead import, before any stored data: statuses and sources by name, row numbers, rejections. */
import { describe, expect, it } from 'vitest';
import { leadSourceIdOf, leadStatusOf, parseLeadRows } from '#core/backfill/import-leads-rows.js';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const row = { id: 'l-1', name: 'Priya Shah', company: 'Globex', source: 'web', ownerId: 'dave', createdAt: '2026-01-12T09:30:00Z' };

describe('lead statuses as CRMs name them', () => {
  it.each([
    ['open', 'open'],
    ['Open - Not Contacted', 'open'],
    ['Working - Contacted', 'contacted'],
    ['CONTACTED', 'contacted'],
    ['qualified', 'qualified'],
    ['Closed - Not Converted', 'closed-unqualified'],
    ['closed-unqualified', 'closed-unqualified'],
    ['Closed - Converted', 'converted'],
  ])('%s is %s', (name, status) => {
    expect(leadStatusOf(name)).toBe(status);
  });

  it('knows no other', () => {
    expect(leadStatusOf('Nurturing')).toBeUndefined();
  });
});

describe('lead sources by id or name', () => {
  it('finds a source by its id, or by its name in any case', () => {
    expect(leadSourceIdOf(DEFAULT_LEAD_SOURCES, 'web')).toBe('web');
    expect(leadSourceIdOf(DEFAULT_LEAD_SOURCES, 'Website')).toBe('web');
    expect(leadSourceIdOf(DEFAULT_LEAD_SOURCES, 'PARTNER')).toBe('partner');
    expect(leadSourceIdOf(DEFAULT_LEAD_SOURCES, 'Billboard')).toBeUndefined();
  });
});

describe('parseLeadRows', () => {
  it('resolves names to ids and dates the lead in UTC', () => {
    // Act
    const parsed = parseLeadRows({ leads: [{ ...row, source: 'Website', status: 'Working - Contacted' }] }, DEFAULT_LEAD_SOURCES, NOW);

    // Assess
    expect(parsed.rejections).toEqual([]);
    expect(parsed.leads).toEqual([
      {
        row: 1,
        id: 'l-1',
        input: {
          name: 'Priya Shah',
          company: 'Globex',
          email: null,
          source: 'web',
          campaignId: null,
          ownerId: 'dave',
          status: 'contacted',
          createdAt: '2026-01-12T09:30:00.000Z',
        },
      },
    ]);
  });

  it('rejects each bad row with its row number (the index + 1 unless given) and the others go on', () => {
    // Act
    const parsed = parseLeadRows(
      {
        leads: [
          { ...row, id: 'ok' },
          { ...row, id: 'converted', status: 'Closed - Converted' },
          { ...row, id: 'no-date', createdAt: undefined },
          { ...row, id: 'future', createdAt: '2026-03-03T00:00:00Z' },
          { ...row, id: 'ok', row: 40 },
          { ...row, id: 'odd', status: 'Nurturing' },
          { ...row, id: 'billboard', source: 'Billboard' },
          { ...row, id: 'mail', email: 'not an address' },
          { ...row, id: 'extra', phone: '123' },
        ],
      },
      DEFAULT_LEAD_SOURCES,
      NOW,
    );

    // Assess
    expect(parsed.leads.map((lead) => lead.id)).toEqual(['ok']);
    expect(parsed.rejections.map(({ row: number, leadId, field }) => [number, leadId, field])).toEqual([
      [2, 'converted', 'status'],
      [3, 'no-date', 'createdAt'],
      [4, 'future', 'createdAt'],
      [40, 'ok', 'id'],
      [6, 'odd', 'status'],
      [7, 'billboard', 'source'],
      [8, 'mail', 'email'],
      [9, 'extra', 'phone'],
    ]);
    expect(parsed.rejections[0]?.reason).toContain('POST /leads/{id}/convert');
    expect(parsed.rejections[3]?.reason).toBe('duplicate of row 1');
  });
});
