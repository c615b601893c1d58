import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run.ts';

runCli(async () => {
  const { projectRoot } = await import('../config.ts');
  const { printSchemaDocument } = await import('../schema/print.ts');
  const target = join(projectRoot, 'schema.graphql');
  writeFileSync(target, printSchemaDocument());
  process.stdout.write(`wrote ${target}\n`);
  return 0;
});
