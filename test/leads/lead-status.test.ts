/** The status moves a PUT may make, and the statuses a lead converts from. */
import { describe, expect, it } from 'vitest';
import { isAllowedStatusMove, isConvertible, LEAD_STATUSES, type LeadStatus } from '#core/leads/lead.js';

const ALLOWED: ReadonlyArray<readonly [LeadStatus, LeadStatus]> = [
  ['open', 'contacted'],
  ['open', 'qualified'],
  ['open', 'closed-unqualified'],
  ['contacted', 'qualified'],
  ['contacted', 'closed-unqualified'],
  ['qualified', 'closed-unqualified'],
  ['closed-unqualified', 'open'],
];

describe('isAllowedStatusMove', () => {
  it('allows staying put in every status, converted included', () => {
    for (const status of LEAD_STATUSES) expect(isAllowedStatusMove(status, status)).toBe(true);
  });

  it('allows exactly the forward moves and reopening a closed lead', () => {
    for (const from of LEAD_STATUSES) {
      for (const to of LEAD_STATUSES) {
        if (from === to) continue;
        const expected = ALLOWED.some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);
        expect({ from, to, allowed: isAllowedStatusMove(from, to) }).toEqual({ from, to, allowed: expected });
      }
    }
  });

  it('never leaves converted and never reaches it by a move (conversion has its own step)', () => {
    for (const status of LEAD_STATUSES.filter((candidate) => candidate !== 'converted')) {
      expect(isAllowedStatusMove('converted', status)).toBe(false);
      expect(isAllowedStatusMove(status, 'converted')).toBe(false);
    }
    expect(isAllowedStatusMove('contacted', 'open')).toBe(false);
    expect(isAllowedStatusMove('qualified', 'open')).toBe(false);
  });
});

describe('isConvertible', () => {
  it('converts open, contacted and qualified leads; not closed or converted ones', () => {
    expect(LEAD_STATUSES.filter(isConvertible)).toEqual(['open', 'contacted', 'qualified']);
  });
});
