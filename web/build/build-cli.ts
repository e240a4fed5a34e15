/** `tsx web/build/build-cli.ts --out-dir DIR`: builds the dashboard into DIR (CDK's local bundling runs this). */
import { parseArgs } from 'node:util';
import { buildWeb } from './build-web.js';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = values['out-dir'];
if (!outDir) {
  console.error('usage: tsx web/build/build-cli.ts --out-dir DIR');
  process.exit(2);
}
const build = await buildWeb({ outDir });
console.log(`dashboard built into ${build.outDir}: ${build.files.length} files`);
