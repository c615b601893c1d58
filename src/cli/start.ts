import { join } from 'node:path';
import { runCli } from './run.ts';

/** `npm start`: bring the schema up to date, ingest seeds/ (idempotently), then serve. */
runCli(async () => {
  const { config, projectRoot } = await import('../config.ts');
  const { prisma } = await import('../db.ts');
  const { ingestPaths } = await import('../ingest/pipeline.ts');
  const { migrateDatabase } = await import('../migrate.ts');
  const { formatSummary } = await import('./ingest-report.ts');
  const { serve } = await import('./serve.ts');

  migrateDatabase(config.DATABASE_URL);
  const summary = await ingestPaths(prisma, [join(projectRoot, 'seeds')]);
  process.stdout.write(`seeds: ${formatSummary(summary)}`);
  await serve();
  return undefined;
});
