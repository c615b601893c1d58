import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Database } from '../data/database.ts';
import type { PrismaClient, WebhookCursor } from '../generated/prisma/client.ts';
import type { Logger } from '../log.ts';
import { backoffDelayMs } from './backoff.ts';
import { createWebhookMetrics, type DeliveryOutcome, type WebhookMetrics } from './metrics.ts';
import { signedChange } from './sign.ts';

/** A receiver that has not answered within this long has failed the attempt. */
const attemptTimeoutMs = 10_000;
/** How often an idle endpoint looks at `dataVersion()` for new changes. */
const idlePollMs = 200;
/**
 * An idle endpoint reads the table at least this often even when `dataVersion()` has not moved: a lost
 * PostgreSQL announcement (Redis down) delays deliveries instead of stalling them, and another replica
 * that stopped delivering an endpoint is taken over.
 */
const idleRecheckMs = 5_000;
/** After a failure to read or store the delivery state (a locked SQLite file, a lost connection). */
const databaseRetryMs = 1_000;
/** On PostgreSQL an attempt runs in one transaction, the POST included: Prisma's default (5 s) is too short. */
const transactionTimeoutMs = attemptTimeoutMs + 20_000;

export type WebhookConfig = NonNullable<Config['webhooks']>;

/** The delivery loops, one per endpoint, in the background of the server process. */
export interface Webhooks {
  /** Ends the loops (a POST in flight is abandoned, so its change is sent again after a restart). */
  stop(): Promise<void>;
}

type Client = Pick<PrismaClient, 'change' | 'webhookCursor'>;

type Attempt =
  | { kind: 'idle' }
  /** Another replica holds the endpoint's row (PostgreSQL). */
  | { kind: 'busy' }
  | { kind: 'delivered' }
  | { kind: 'failed'; attempts: number }
  | { kind: 'stopped' };

type Post =
  | { outcome: 'delivered' }
  | { outcome: Exclude<DeliveryOutcome, 'delivered'>; problem: string }
  /** The server is stopping: the POST was abandoned. */
  | { outcome: 'stopped' };

/** The URL without credentials: what metrics and logs name an endpoint by. */
export function endpointLabel(endpoint: string): string {
  const url = new URL(endpoint);
  url.username = '';
  url.password = '';
  return url.href;
}

async function latestSequence(client: Client): Promise<number> {
  const { _max } = await client.change.aggregate({ _max: { sequence: true } });
  return _max.sequence ?? 0;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * Starts delivering every change to every endpoint, each in sequence order and at least once. An endpoint
 * seen for the first time starts after the newest change at that moment; its row is written before this
 * answers, so every change committed afterwards reaches it.
 */
export async function startWebhooks(options: {
  config: WebhookConfig;
  db: Database;
  logger: Logger;
  registry: Registry;
}): Promise<Webhooks> {
  const { config, db, logger } = options;
  const latest = await latestSequence(db.prisma);
  for (const endpoint of config.endpoints) {
    // Several replicas may start at once: the first row written wins, the others keep it.
    await db.prisma.$executeRaw`INSERT INTO "WebhookCursor" ("endpoint", "deliveredSequence", "attempts")
      VALUES (${endpoint}, ${latest}, 0) ON CONFLICT ("endpoint") DO NOTHING`;
  }
  const metrics = createWebhookMetrics(options.registry, config.endpoints.map(endpointLabel));
  const stopping = new AbortController();
  const loops = config.endpoints.map((endpoint) =>
    new EndpointDelivery(endpoint, config, db, metrics, logger.child({ endpoint: endpointLabel(endpoint) })).run(
      stopping.signal,
    ),
  );
  return {
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

/** One endpoint's loop: its next change waits until the previous one is acknowledged. */
class EndpointDelivery {
  readonly #label: string;
  /** Whether this failing period was reported already (the log line is written once per period). */
  #reported = false;

  constructor(
    private readonly endpoint: string,
    private readonly config: WebhookConfig,
    private readonly db: Database,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
  ) {
    this.#label = endpointLabel(endpoint);
  }

  async run(signal: AbortSignal): Promise<void> {
    /** Set when the table held nothing to send: `dataVersion()` then, and when. */
    let idle: { version: number; at: number } | null = null;
    while (!signal.aborted) {
      try {
        const version = this.db.dataVersion();
        if (idle && idle.version === version && Date.now() - idle.at < idleRecheckMs) {
          await pause(idlePollMs, signal);
          continue;
        }
        const attempt = await this.#attempt(signal);
        idle = attempt.kind === 'idle' || attempt.kind === 'busy' ? { version, at: Date.now() } : null;
        if (attempt.kind === 'failed') await pause(backoffDelayMs(attempt.attempts), signal);
      } catch (error) {
        if (signal.aborted) return;
        // Nothing was acknowledged without being stored, or it is sent again: at least once either way.
        this.logger.warn({ err: error }, 'webhook delivery state unavailable, retrying');
        await pause(databaseRetryMs, signal);
      }
    }
  }

  /**
   * Sends the endpoint's next change and stores the outcome. On PostgreSQL the endpoint's row stays locked
   * from reading it until the outcome is committed, and a replica that finds it locked skips it: one
   * replica at a time delivers to an endpoint. SQLite serves from one machine, and holding its write lock
   * during a POST would stop every writer, so there the row is read and written without a transaction.
   */
  async #attempt(signal: AbortSignal): Promise<Attempt> {
    const where = { endpoint: this.endpoint };
    if (this.db.provider === 'postgresql') {
      return this.db.prisma.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "WebhookCursor"
            WHERE "endpoint" = ${this.endpoint} FOR UPDATE SKIP LOCKED`;
          if (locked.length === 0) return { kind: 'busy' };
          return this.#sendNext(tx, await tx.webhookCursor.findUniqueOrThrow({ where }), signal);
        },
        { timeout: transactionTimeoutMs },
      );
    }
    return this.#sendNext(this.db.prisma, await this.db.prisma.webhookCursor.findUniqueOrThrow({ where }), signal);
  }

  async #sendNext(client: Client, cursor: WebhookCursor, signal: AbortSignal): Promise<Attempt> {
    const [change] = await client.change.findMany({
      where: { sequence: { gt: cursor.deliveredSequence } },
      orderBy: { sequence: 'asc' },
      take: 1,
    });
    if (change === undefined) {
      this.metrics.setLag(this.#label, 0);
      return { kind: 'idle' };
    }
    const latest = await latestSequence(client);
    this.metrics.setLag(this.#label, latest - cursor.deliveredSequence);
    const post = await this.#post(signedChange(change, this.config.secret, Math.floor(Date.now() / 1000)), signal);
    // Nothing is stored: whether the receiver got it is unknown, so it is sent again after the restart.
    if (post.outcome === 'stopped') return { kind: 'stopped' };
    this.metrics.countDelivery(this.#label, post.outcome);
    if (post.outcome === 'delivered') {
      await client.webhookCursor.update({
        where: { endpoint: this.endpoint },
        data: { deliveredSequence: change.sequence, failingSince: null, attempts: 0 },
      });
      this.metrics.setLag(this.#label, latest - change.sequence);
      if (this.#reported) this.logger.info({ sequence: change.sequence }, 'webhook endpoint recovered');
      this.#reported = false;
      this.metrics.setFailing(this.#label, false);
      return { kind: 'delivered' };
    }
    const failingSince = cursor.failingSince ?? new Date();
    const attempts = cursor.attempts + 1;
    await client.webhookCursor.update({ where: { endpoint: this.endpoint }, data: { failingSince, attempts } });
    const failing = { sequence: change.sequence, attempts, failingSince, problem: post.problem };
    this.logger.debug(failing, 'webhook delivery failed');
    if (Date.now() - failingSince.getTime() >= this.config.alertAfterMs) {
      this.metrics.setFailing(this.#label, true);
      if (!this.#reported) this.logger.warn(failing, 'webhook endpoint failing');
      this.#reported = true;
    }
    return { kind: 'failed', attempts };
  }

  async #post(request: { body: string; headers: Record<string, string> }, signal: AbortSignal): Promise<Post> {
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // A redirect is not an acknowledgement, and following it would send the change where nobody configured.
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(attemptTimeoutMs)]),
      });
      // Only the status matters; the body is discarded so the connection can be reused.
      await response.body?.cancel();
      return response.ok ? { outcome: 'delivered' } : { outcome: 'rejected', problem: `answered ${response.status}` };
    } catch (error) {
      if (signal.aborted) return { outcome: 'stopped' };
      if (error instanceof Error && error.name === 'TimeoutError') {
        return { outcome: 'timeout', problem: `no answer within ${attemptTimeoutMs / 1000} s` };
      }
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return { outcome: 'unreachable', problem: cause };
    }
  }
}
