/**
 * What a card says while the job answering its question runs (a time-travel read the API
 * answered with 202): "Rebuilding the pipeline from history… 42%", or the rows read so far
 * when the job cannot estimate its share, or that it waits for a worker.
 */
import type { JobUpdate } from '../api/pipeline-job.js';
import type { Formatters } from '../format/formatters.js';

export const JOB_PROGRESS_LEAD = 'Rebuilding the pipeline from history…';

export function jobProgressText(update: JobUpdate, fmt: Pick<Formatters, 'percent' | 'count'>): string {
  if (update.status === 'queued') return `${JOB_PROGRESS_LEAD} waiting for its turn`;
  const { fraction, itemsRead } = update.progress;
  if (fraction !== null) return `${JOB_PROGRESS_LEAD} ${fmt.percent(Math.floor(Math.min(1, Math.max(0, fraction)) * 100))}`;
  return `${JOB_PROGRESS_LEAD} ${fmt.count(itemsRead)} items read`;
}
