import { loadConfig, readEnvironment } from '../config.ts';
import { openDatabase } from '../data/database.ts';
import { migrateDatabase } from '../data/migrate.ts';
import { rebuildSearchIndex } from '../data/search/rebuild.ts';
import { runCli } from './run.ts';

const usage = 'usage: npm run search:reindex';

const barWidth = 30;
/** Without a terminal, a line at every tenth of the way (and at the end), not one per batch. */
const lineSteps = 10;

/** Progress on stderr: a bar redrawn in place on a terminal, else a plain line now and then. */
function progressReport(stream: NodeJS.WriteStream, total: number): (done: number) => void {
  if (stream.isTTY) {
    return (done) => {
      const filled = Math.round((Math.min(done, total) / Math.max(total, 1)) * barWidth);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(barWidth - filled)}] ${done}/${total}`);
    };
  }
  let reported = -1;
  return (done) => {
    const step = Math.floor((Math.min(done, total) / Math.max(total, 1)) * lineSteps);
    if (step === reported) return;
    reported = step;
    stream.write(`reindexed ${done}/${total} articles\n`);
  };
}

/**
 * `npm run search:reindex`: rebuilds the search index from the stored articles, a batch per
 * transaction (search keeps answering meanwhile, and other writers interleave), then drops entries
 * of articles that are gone. The server builds a missing index itself when it starts; this rebuilds it
 * whole, when its tokenizer changed, say.
 */
runCli(async () => {
  if (process.argv.length > 2) {
    process.stderr.write(`${usage}\n`);
    return process.argv.includes('--help') ? 0 : 2;
  }
  const config = loadConfig(readEnvironment());
  await migrateDatabase(config.database);
  const db = await openDatabase(config);
  try {
    const done = await rebuildSearchIndex(db, progressReport(process.stderr, await db.prisma.article.count()));
    if (process.stderr.isTTY && done > 0) process.stderr.write('\n');
    process.stdout.write(`search index rebuilt: ${done} articles\n`);
    return 0;
  } finally {
    await db.close();
  }
});
