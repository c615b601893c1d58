import type { Plugin } from 'graphql-yoga';
import type { Database } from '../data/database.ts';
import type { Metrics } from './metrics.ts';

export interface OperationsEndpointsOptions {
  db: Pick<Database, 'readinessProblems'>;
  metrics: Metrics;
  /** Aborted once the server begins to shut down: /ready answers 503 from then on. */
  shutdown?: AbortSignal;
}

type Endpoint = (Response: typeof globalThis.Response) => Promise<Response>;

/**
 * The endpoints operators and orchestrators poll, answered before the response cache and GraphQL:
 * `/health` (the process answers), `/ready` (it can serve: no readiness problem in the database, not
 * shutting down) and `/metrics` (Prometheus text format). Intermediaries must not cache them.
 */
export function useOperationsEndpoints({ db, metrics, shutdown }: OperationsEndpointsOptions): Plugin {
  const endpoints = new Map<string, Endpoint>([
    ['/health', async (Response) => Response.json({ status: 'ok' })],
    [
      '/ready',
      async (Response) => {
        const problems = shutdown?.aborted ? ['shutting down'] : await readinessProblems(db);
        return problems.length === 0
          ? Response.json({ status: 'ready' })
          : Response.json({ status: 'not ready', problems }, { status: 503 });
      },
    ],
    [
      '/metrics',
      async (Response) =>
        new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }),
    ],
  ]);
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      const endpoint = endpoints.get(url.pathname);
      if (!endpoint) return;
      const response = await endpoint(fetchAPI.Response);
      response.headers.set('cache-control', 'no-store');
      endResponse(response);
    },
  };
}

/** A readiness check that throws is itself the problem to report. */
async function readinessProblems(db: Pick<Database, 'readinessProblems'>): Promise<string[]> {
  try {
    return await db.readinessProblems();
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
