/** Command-line options of `npm run bench:pipeline -- [options]` (also `npm run bench -- --pipeline [options]`). */
import { parseArgs } from 'node:util';

export interface PipelineBenchOptions {
  /** Deal counts measured one after another, each in a fresh DynamoDB Local. */
  readonly deals: readonly number[];
  readonly historyPerDeal: number;
  readonly reps: number;
  /** BatchWriteItem requests in flight while loading. */
  readonly writers: number;
  /**
   * Segments of the history scan (PipelineRebuildStore's option; the deployed default is 4).
   * DynamoDB Local pages a scan in time that grows with the part of the segment already
   * read, so a scan costs about the square of a segment's size: 1.1 million items in 4
   * segments took over 8 minutes, in 64 segments about 40 s. DynamoDB itself charges and
   * pages a scan by what it reads, whatever the segments; read units do not depend on them.
   */
  readonly segments: number;
  readonly seed: number;
  /** -Xmx for DynamoDB Local's JVM, through JAVA_TOOL_OPTIONS (its options have none). With 8g its resident memory reached 8.4 GiB scanning 1.1 million items; less was not tried. */
  readonly javaHeap: string;
  readonly json: boolean;
}

export const PIPELINE_USAGE = `usage: npm run bench:pipeline -- [--deals 10000,100000] [--history-per-deal 10] [--reps 500] [--writers 8] [--segments 64] [--seed 2016] [--java-heap 8g] [--json]
       (the same as npm run bench -- --pipeline [options])`;

export function parsePipelineBenchOptions(argv: readonly string[]): PipelineBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      deals: { type: 'string', default: '10000,100000' },
      'history-per-deal': { type: 'string', default: '10' },
      reps: { type: 'string', default: '500' },
      writers: { type: 'string', default: '8' },
      segments: { type: 'string', default: '64' },
      seed: { type: 'string', default: '2016' },
      'java-heap': { type: 'string', default: '8g' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(PIPELINE_USAGE);
    process.exit(0);
  }
  const javaHeap = values['java-heap'];
  if (!/^\d+[kmgKMG]?$/.test(javaHeap)) throw new Error(`--java-heap must be a size such as 8g, not '${javaHeap}'\n${PIPELINE_USAGE}`);
  const reps = positiveInteger('reps', values.reps);
  if (reps < 2) throw new Error(`--reps must be at least 2: deals change owner\n${PIPELINE_USAGE}`);
  return {
    deals: values.deals.split(',').map((text) => positiveInteger('deals', text)),
    historyPerDeal: wholeNumber('history-per-deal', values['history-per-deal']),
    reps,
    writers: positiveInteger('writers', values.writers),
    segments: positiveInteger('segments', values.segments),
    seed: positiveInteger('seed', values.seed),
    javaHeap,
    json: values.json,
  };
}

function positiveInteger(name: string, text: string): number {
  const value = wholeNumber(name, text);
  if (value < 1) throw new Error(`--${name} must be a positive integer, not '${text}'\n${PIPELINE_USAGE}`);
  return value;
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number, not '${text}'\n${PIPELINE_USAGE}`);
  return value;
}

/** The command that gives a run's figures, every option spelled out. */
export function pipelineBenchCommand(options: PipelineBenchOptions): string {
  return `npm run bench:pipeline -- --deals ${options.deals.join(',')} --history-per-deal ${options.historyPerDeal} --reps ${options.reps} --writers ${options.writers} --segments ${options.segments} --seed ${options.seed} --java-heap ${options.javaHeap}`;
}
