/**
 * Loads the demo dataset through the real API handler, with the API's clock set to each
 * request's date so that the field history and quality counters carry a year of real
 * movement, then waits until the stream recalculation has caught up.
 */
import { demoDataset } from './demo-dataset.js';

export interface DemoTarget {
  /** Sends one request to the API; resolves with its status and body. */
  invoke(request: { method: string; path: string; body?: unknown }): Promise<{ statusCode: number; body: string }>;
  /** Pins the API's clock to an instant while the request made "then" is sent. */
  setTime(at: Date | null): void;
  /** Resolves once the stream recalculation has processed everything written so far. */
  settle(): Promise<void>;
}

export async function loadDemo(
  target: DemoTarget,
  now: Date,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ requests: number }> {
  const requests = demoDataset(now);
  try {
    for (const [index, request] of requests.entries()) {
      target.setTime(new Date(request.at));
      const response = await target.invoke(request);
      if (response.statusCode >= 300) {
        throw new Error(`demo request ${request.method} ${request.path} failed with ${response.statusCode}: ${response.body}`);
      }
      if (index % 100 === 0) onProgress(index, requests.length);
    }
  } finally {
    target.setTime(null);
  }
  await target.settle();
  onProgress(requests.length, requests.length);
  return { requests: requests.length };
}
