import type { Config } from '../config.ts';
import { archiveIdentity } from '../data/archive-identity.ts';
import type { Database } from '../data/database.ts';
import { rebuildSearchIndexIfIncomplete } from '../data/search/rebuild.ts';
import { createApp } from '../http/app.ts';
import { type Listening, listen, onShutdownSignal } from '../http/listen.ts';
import { createMetrics, type Metrics } from '../http/metrics.ts';
import { openSharedRateLimits, type SharedRateLimits } from '../http/shared-rate-limits.ts';
import { createArticleIntake } from '../ingest/intake.ts';
import { createLogger, type Logger } from '../log.ts';
import { startWebhooks, type Webhooks } from '../webhooks/deliver.ts';

/**
 * Builds the search index if articles lack entries (an archive from before search), then the app over `db` (counting into `metrics`, which the caller may have counted into already),
 * starts the webhook deliveries when configured, and listens until SIGINT/SIGTERM, then shuts down
 * gracefully and exits.
 */
export async function serveApp(config: Config, db: Database, metrics: Metrics = createMetrics()): Promise<void> {
  const logger = createLogger(config.log);
  const indexed = await rebuildSearchIndexIfIncomplete(db);
  if (indexed > 0) logger.info({ articles: indexed }, 'search index built for articles stored without one');
  const shutdown = new AbortController();
  const sharedRateLimits = sharedRateLimitsOf(config);
  const app = createApp({
    config,
    db,
    logger,
    metrics,
    shutdown: shutdown.signal,
    intake: createArticleIntake(),
    ...(sharedRateLimits && { sharedRateLimits }),
  });
  // Before listening: a new endpoint's starting point is stored by then, so it gets every later change.
  const webhooks =
    config.webhooks && (await startWebhooks({ config: config.webhooks, db, logger, registry: metrics.registry }));
  const listening = await listen(app, config.http);
  // For people and scripts at a terminal; the log line is for log collectors.
  process.stdout.write(`GraphiQL at ${listening.graphiqlUrl}\n`);
  logger.info({ url: listening.graphiqlUrl }, 'listening');
  onShutdownSignal(async (signal) => {
    shutdown.abort();
    // The exit is explicit: a handle some library left open must not keep the process up after the drain.
    try {
      await drain(listening, webhooks, db, config.http.shutdownTimeoutMs, logger.child({ signal }));
      await sharedRateLimits?.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  });
}

/** With Redis and a rate limit configured, replicas share their counts there. */
function sharedRateLimitsOf(config: Config): SharedRateLimits | null {
  const { anonymousPerMinute, tokenPerMinute } = config.rateLimit;
  if (config.redis === null || anonymousPerMinute + tokenPerMinute === 0) return null;
  return openSharedRateLimits(config.redis.url, archiveIdentity(config.database.url));
}

/**
 * With /ready already answering 503 (a load balancer stops sending traffic): new connections are
 * refused, requests in flight get `graceMs` to finish while the webhook deliveries stop, then the
 * database closes.
 */
async function drain(
  listening: Listening,
  webhooks: Webhooks | null,
  db: Database,
  graceMs: number,
  logger: Logger,
): Promise<void> {
  const closed = listening.close(graceMs);
  const webhooksStopped = webhooks?.stop();
  // Logged once the server no longer accepts connections.
  logger.info({ shutdownTimeoutMs: graceMs }, 'shutting down');
  await closed;
  await webhooksStopped;
  await db.close();
  logger.info('stopped');
}
