import { loadConfig, readEnvironment } from '../config.ts';
import { migrateDatabase } from '../data/migrate.ts';
import { runCli } from './run.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL) and names them. */
runCli(async () => {
  const config = loadConfig(readEnvironment());
  const { applied } = await migrateDatabase(config.database);
  process.stdout.write(
    applied.length === 0 ? 'migrations: up to date\n' : `migrations applied: ${applied.join(', ')}\n`,
  );
  return 0;
});
