import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config.ts';
import { printSchemaDocument } from '../schema/print.ts';
import { runCli } from './run.ts';

runCli(async () => {
  const target = join(projectRoot, 'schema.graphql');
  writeFileSync(target, printSchemaDocument());
  process.stdout.write(`wrote ${target}\n`);
  return 0;
});
