/** Command-line options of `npm run bench -- [options]`. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly writes: number;
  /** Opportunity versions written straight into the table for the stream's own rate (default: writes). */
  readonly streamWrites: number;
  /** Writes sent (and waited for) before the measured ones, not measured. */
  readonly warmUp: number;
  readonly reps: number;
  readonly concurrency: number;
  readonly rawPuts: number;
  readonly seed: number;
  /** Writes per second to offer; undefined sends as fast as the concurrency allows. */
  readonly rate: number | undefined;
  /** Print the result as JSON on stdout (the table then goes to stderr). */
  readonly json: boolean;
}

export const USAGE = `usage: npm run bench -- [--writes 10000] [--stream-writes <writes>] [--warm-up 500] [--reps 200] [--concurrency 16] [--raw-puts 5000] [--seed 2016] [--rate <writes/s>] [--json]
       npm run bench -- --pipeline [options]: the snapshot and time-travel benchmark (npm run bench:pipeline -- --help)`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      writes: { type: 'string', default: '10000' },
      'stream-writes': { type: 'string' },
      'warm-up': { type: 'string', default: '500' },
      reps: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '16' },
      'raw-puts': { type: 'string', default: '5000' },
      seed: { type: 'string', default: '2016' },
      rate: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const writes = positiveInteger('writes', values.writes);
  return {
    writes,
    streamWrites: values['stream-writes'] === undefined ? writes : positiveInteger('stream-writes', values['stream-writes']),
    warmUp: wholeNumber('warm-up', values['warm-up']),
    reps: positiveInteger('reps', values.reps),
    concurrency: positiveInteger('concurrency', values.concurrency),
    rawPuts: positiveInteger('raw-puts', values['raw-puts']),
    seed: positiveInteger('seed', values.seed),
    rate: values.rate === undefined ? undefined : positiveInteger('rate', values.rate),
    json: values.json,
  };
}

/** The command that repeats a run with these options (every option spelled out), printed beside its figures. */
export function benchCommand(options: BenchOptions): string {
  const rate = options.rate === undefined ? '' : ` --rate ${options.rate}`;
  return `npm run bench -- --writes ${options.writes} --stream-writes ${options.streamWrites} --warm-up ${options.warmUp} --reps ${options.reps} --concurrency ${options.concurrency} --raw-puts ${options.rawPuts} --seed ${options.seed}${rate}`;
}

function positiveInteger(name: string, text: string): number {
  const value = wholeNumber(name, text);
  if (value < 1) throw new Error(`--${name} must be a positive integer, not '${text}'\n${USAGE}`);
  return value;
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number, not '${text}'\n${USAGE}`);
  return value;
}
