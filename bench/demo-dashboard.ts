/**
 * `npm start -- --demo --in-memory --port 0` as a child process, for the dashboard's screenshot
 * and benchmark: the real runtime with the demo company (loaded through the API, one to two
 * minutes), the dashboard served at `/`. Stopped with SIGTERM, which stops Java too and removes
 * the run's temporary data folder.
 */
import { killAll, type NpmStart, npmStart } from '#test/support/local-processes.js';

export interface DemoDashboard {
  /** The dashboard's origin, without a trailing slash. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The demo's admin (local/demo/demo-dataset.ts): the company view is theirs. */
export const DEMO_ADMIN_ID = 'sales-ops';

export async function startDemoDashboard(log: (line: string) => void): Promise<DemoDashboard> {
  const started: NpmStart = npmStart(['--demo', '--in-memory', '--port', '0']);
  let lastProgress = '';
  const ticker = setInterval(() => {
    const progress = /Loading the demo: \d+\/\d+ requests/g;
    const matches = started.output().match(progress);
    const latest = matches?.at(-1);
    if (latest && latest !== lastProgress) {
      lastProgress = latest;
      log(latest);
    }
  }, 10_000);
  const stop = async () => {
    clearInterval(ticker);
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGTERM');
      const exit = await Promise.race([started.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
      if (exit === 'timeout') await killAll([started], []);
    }
  };
  try {
    const [, url] = await started.waitFor(/Dashboard on (http:\/\/[^\s/]+)\/?\s/, 600_000);
    clearInterval(ticker);
    return { url: url as string, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
