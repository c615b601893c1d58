import { runCli } from './run.ts';

const usage = 'usage: npm run ingest -- <file or folder>...';

runCli(async () => {
  const paths = process.argv.slice(2);
  if (paths.length === 0 || paths.includes('--help')) {
    process.stderr.write(`${usage}\n`);
    return paths.length === 0 ? 2 : 0;
  }
  const { config } = await import('../config.ts');
  const { prisma } = await import('../db.ts');
  const { ingestPaths } = await import('../ingest/pipeline.ts');
  const { migrateDatabase } = await import('../migrate.ts');
  const { formatSummary, terminalProgress } = await import('./ingest-report.ts');

  migrateDatabase(config.DATABASE_URL);
  const onProgress = terminalProgress(process.stderr);
  const summary = await ingestPaths(prisma, paths, onProgress ? { onProgress } : {});
  await prisma.$disconnect();
  process.stdout.write(formatSummary(summary));
  return summary.refused.length > 0 ? 1 : 0;
});
