/**
 * Global setup of the browser project: it builds and starts nothing (each test file starts
 * its own local runtime, which builds the dashboard), it only stops the run at once, with
 * what to do, when there is no Chromium to drive, rather than letting every test time out.
 */
import { chromiumExecutable, missingChromiumMessage } from './browser.js';

export default function requireChromium(): void {
  if (!chromiumExecutable()) throw new Error(missingChromiumMessage());
}
