import type { PipelineHistory } from './pipeline-rebuild.js';

/** What the as-at rebuild reads: deals, their history, the configuration and team versions. */
export interface PipelineRebuildRepository {
  /**
   * Everything the rebuild needs, read consistently. Field changes dated at or before
   * `since` may be left out: nothing before the earliest instant asked about is undone.
   * `progress`, when given, is told the deals read so far as the read goes on.
   */
  read(since: string, progress?: ReadProgress): Promise<PipelineHistory>;
}

/** Told the number of deals read so far (a running total), as the whole-table read goes on. */
export type ReadProgress = (dealsRead: number) => void;
