/** Child process: loads one URL with autocannon as a LoadSpec file says, then prints a LoadResult as JSON. */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { autocannonOptions, type CacheTally, loadResultOf } from '../lib/load-generator.ts';
import type { LoadSpec } from '../lib/load-types.ts';

function readSpec(): LoadSpec {
  const specFile = process.argv[2];
  if (specFile === undefined) throw new Error('usage: load.ts SPEC.json');
  return JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
}

const tally: CacheTally = { responses: 0, hits: 0 };
const options = autocannonOptions(readSpec(), tally);
const cpuBefore = process.cpuUsage();
const result = await autocannon(options);
process.stdout.write(`${JSON.stringify(loadResultOf(result, process.cpuUsage(cpuBefore), tally))}\n`);
