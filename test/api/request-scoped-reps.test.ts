/**
 * One request's reps (functions/api/request-scoped-reps.ts): a rep read once however often
 * the request asks, read again after the request writes it, a failed read not kept.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Rep } from '#core/organisation/rep.js';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { RequestScopedReps } from '#functions/api/request-scoped-reps.js';

const dave = { id: 'dave', name: 'Dave', email: 'dave@example.com', teamId: 'sales', active: true, version: 1 } as unknown as Rep;

function storeOf(reps: Record<string, Rep>) {
  return {
    get: vi.fn(async (repId: string) => reps[repId]),
    save: vi.fn(async (rep: Rep) => {
      reps[rep.id] = rep;
    }),
    list: vi.fn(async () => ({ items: Object.values(reps), nextCursor: null })),
    listAll: vi.fn(async () => Object.values(reps)),
  } satisfies RepRepository;
}

describe('RequestScopedReps', () => {
  it('reads each rep once, concurrent and later asks sharing the read; a missing rep too', async () => {
    const store = storeOf({ dave });
    const reps = new RequestScopedReps(store);
    expect(await Promise.all([reps.get('dave'), reps.get('dave')])).toEqual([dave, dave]);
    expect(await reps.get('dave')).toBe(dave);
    expect(await reps.get('ghost')).toBeUndefined();
    expect(await reps.get('ghost')).toBeUndefined();
    expect(store.get.mock.calls).toEqual([['dave'], ['ghost']]);
  });

  it('reads a rep again after this request saved it', async () => {
    const store = storeOf({ dave });
    const reps = new RequestScopedReps(store);
    await reps.get('dave');
    const moved = { ...dave, teamId: 'north', version: 2 } as Rep;
    await reps.save(moved, 1, {} as AuditEntry);
    expect(await reps.get('dave')).toEqual(moved);
    expect(store.get).toHaveBeenCalledTimes(2);
  });

  it('keeps no failed read', async () => {
    const store = storeOf({ dave });
    store.get.mockRejectedValueOnce(new Error('throttled'));
    const reps = new RequestScopedReps(store);
    await expect(reps.get('dave')).rejects.toThrow('throttled');
    expect(await reps.get('dave')).toBe(dave);
  });

  it('passes lists through unmemoised', async () => {
    const store = storeOf({ dave });
    const reps = new RequestScopedReps(store);
    await reps.listAll();
    await reps.listAll();
    await reps.list({}, { limit: 10 } as never);
    expect(store.listAll).toHaveBeenCalledTimes(2);
    expect(store.list).toHaveBeenCalledTimes(1);
  });

  it('builds a fresh memo per request: a new instance reads again', async () => {
    const store = storeOf({ dave });
    await new RequestScopedReps(store).get('dave');
    await new RequestScopedReps(store).get('dave');
    expect(store.get).toHaveBeenCalledTimes(2);
  });
});
