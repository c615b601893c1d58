import { join } from 'node:path';
import { loadConfig, projectRoot, readEnvironment } from '../config.ts';
import { openDatabase } from '../data/database.ts';
import { migrateDatabase } from '../data/migrate.ts';
import { createMetrics } from '../http/metrics.ts';
import { ingestPaths } from '../ingest/pipeline.ts';
import { formatSummary } from './ingest-report.ts';
import { runCli } from './run.ts';
import { serveApp } from './serve-app.ts';

/** `npm start`: bring the schema up to date, ingest seeds/ (idempotently), then serve. */
runCli(async () => {
  const config = loadConfig(readEnvironment());
  await migrateDatabase(config.database);
  const db = await openDatabase(config);
  const summary = await ingestPaths(db.writer, [join(projectRoot, 'seeds')], config.ingest);
  process.stdout.write(`seeds: ${formatSummary(summary)}`);
  const metrics = createMetrics();
  metrics.countDocuments({ ...summary, refused: summary.refused.length });
  await serveApp(config, db, metrics);
  return undefined;
});
