import type { PipelineHistory } from './pipeline-rebuild.js';

/** What the as-at rebuild reads: deals, their history, the configuration and team versions. */
export interface PipelineRebuildRepository {
  /**
   * Everything the rebuild needs, read consistently. Field changes dated at or before
   * `since` may be left out: nothing before the earliest instant asked about is undone.
   */
  read(since: string): Promise<PipelineHistory>;
}
