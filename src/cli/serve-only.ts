import { runCli } from './run.ts';

runCli(async () => {
  const { config } = await import('../config.ts');
  const { migrateDatabase } = await import('../migrate.ts');
  const { serve } = await import('./serve.ts');
  migrateDatabase(config.DATABASE_URL);
  await serve();
  return undefined;
});
