/** Child process: reads and parses every document of a folder without a database, then prints a count. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/ingest/parse/document.ts';

const directory = process.argv[2];
if (directory === undefined) throw new Error('usage: parse-only.ts DIR');

let parsed = 0;
let refused = 0;
for (const name of readdirSync(directory).sort()) {
  if (parseDocument(readFileSync(join(directory, name))).ok) parsed += 1;
  else refused += 1;
}
process.stdout.write(`parsed ${parsed}, refused ${refused}\n`);
