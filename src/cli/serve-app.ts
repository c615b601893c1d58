import type { Config } from '../config.ts';
import type { Database } from '../data/database.ts';
import { createApp } from '../http/app.ts';
import { listen, onShutdownSignal } from '../http/listen.ts';

/** Builds the app over `db`, listens, and closes both on SIGINT/SIGTERM. */
export async function serveApp(config: Config, db: Database): Promise<void> {
  const listening = await listen(createApp({ config, db }), config.http);
  process.stdout.write(`GraphiQL at ${listening.graphiqlUrl}\n`);
  onShutdownSignal(async () => {
    await listening.close();
    await db.close();
  });
}
