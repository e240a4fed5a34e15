/**
 * One value kept for a few seconds by the process that read it: for what nearly every
 * request reads and what changes rarely (the stage configuration in force). The API builds
 * its stores once per Lambda process, so a store's cache lives as long as the process.
 *
 * Staleness bound: a value is served at most `ttlMs` after the read that fetched it was
 * sent, so another process's write is seen here within `ttlMs`. This process's own writes
 * `invalidate` it, so the next read after one of them goes to the table. Concurrent misses
 * share one read; a failed read is not kept.
 */

/** How long the API keeps the stage configuration in force (see docs/architecture.md). */
export const PROCESS_CACHE_TTL_MS = 5_000;

export class ProcessCache<T> {
  private entry: { readonly value: Promise<T>; readonly expiresAt: number } | undefined;

  constructor(
    private readonly ttlMs: number,
    /** Milliseconds, monotonic: real elapsed time, not the domain clock (tests fix that). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The kept value while it is fresh, else `load()`'s, kept from now. */
  get(load: () => Promise<T>): Promise<T> {
    const at = this.now();
    if (this.entry && at < this.entry.expiresAt) return this.entry.value;
    const entry = { value: load(), expiresAt: at + this.ttlMs };
    this.entry = entry;
    // Dropped only if still the current entry: an invalidation or a newer read may have replaced it.
    entry.value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.value;
  }

  /** After this process writes the value (or tried to): the next `get` reads again. */
  invalidate(): void {
    this.entry = undefined;
  }
}
