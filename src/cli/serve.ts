import { loadConfig, readEnvironment } from '../config.ts';
import { openDatabase } from '../data/database.ts';
import { migrateDatabase } from '../data/migrate.ts';
import { runCli } from './run.ts';
import { serveApp } from './serve-app.ts';

/** `npm run serve`: bring the schema up to date and serve until SIGINT/SIGTERM. */
runCli(async () => {
  const config = loadConfig(readEnvironment());
  await migrateDatabase(config.database);
  await serveApp(config, await openDatabase(config));
  return undefined;
});
