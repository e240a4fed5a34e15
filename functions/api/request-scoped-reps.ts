/**
 * The reps as one request reads them: each rep read once, however many steps of the request
 * ask for it. Every request reads its caller's rep (the access context); a rep writing their
 * own deal names themselves as its owner, and GET /me reads the caller again: with this memo
 * those are one GetItem, not two. It lives for one request only, so nothing is kept across
 * requests: a rep deactivated or moved is seen by the next request (the access decision reads
 * the rep fresh every time, on purpose).
 */
import type { Rep } from '#core/organisation/rep.js';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import type { Page, PageRequest } from '#core/shared/page.js';

export class RequestScopedReps implements RepRepository {
  private readonly reads = new Map<string, Promise<Rep | undefined>>();

  constructor(private readonly reps: RepRepository) {}

  /** The first read of `repId` in this request, shared (a failed one is not kept). */
  get(repId: string): Promise<Rep | undefined> {
    let read = this.reads.get(repId);
    if (!read) {
      read = this.reps.get(repId);
      this.reads.set(repId, read);
      const kept = read;
      read.catch(() => {
        if (this.reads.get(repId) === kept) this.reads.delete(repId);
      });
    }
    return read;
  }

  /** A write makes the rep read before it stale: a later get in this request reads it again. */
  async save(rep: Rep, expectedVersion: number | null, audit: AuditEntry): Promise<void> {
    try {
      await this.reps.save(rep, expectedVersion, audit);
    } finally {
      this.reads.delete(rep.id);
    }
  }

  list(filter: { readonly teamId?: string | undefined }, page: PageRequest): Promise<Page<Rep>> {
    return this.reps.list(filter, page);
  }

  listAll(): Promise<Rep[]> {
    return this.reps.listAll();
  }
}
