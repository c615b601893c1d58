import { loadConfig, readEnvironment } from '../config.ts';
import { openDatabase } from '../data/database.ts';
import { migrateDatabase } from '../data/migrate.ts';
import { ingestPaths } from '../ingest/pipeline.ts';
import { formatSummary, terminalReport } from './ingest-report.ts';
import { runCli } from './run.ts';

const usage = 'usage: npm run ingest -- <file or folder>...';

runCli(async () => {
  const paths = process.argv.slice(2);
  if (paths.length === 0 || paths.includes('--help')) {
    process.stderr.write(`${usage}\n`);
    return paths.length === 0 ? 2 : 0;
  }
  const config = loadConfig(readEnvironment());
  await migrateDatabase(config.database);
  const db = await openDatabase(config);
  try {
    const summary = await ingestPaths(db.writer, paths, { ...terminalReport(process.stderr), ...config.ingest });
    process.stdout.write(formatSummary(summary));
    return summary.refused.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
});
