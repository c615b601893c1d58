import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { RequestOutcome } from './use-request-outcome.ts';

/** What storing a document came to: the ingest summary's outcomes, and (later) a write through the API. */
export type DocumentOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

const documentOutcomes: DocumentOutcome[] = ['created', 'updated', 'unchanged', 'refused'];

/** Label values are GraphQL names of bounded length; anything else (and names past the cap) is `other`. */
const labelPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Distinct operation names labelled: clients choose the names, and every one is a set of series. */
const maxOperationLabels = 100;

export interface Metrics {
  /** This app's own registry (never prom-client's global one): what /metrics serves. */
  readonly registry: Registry;
  /** Counts a finished request; only those that reached GraphQL are counted. */
  observeRequest(outcome: RequestOutcome): void;
  /** Counts stored documents by outcome. */
  countDocuments(counts: Partial<Record<DocumentOutcome, number>>): void;
}

/** A fresh set of metrics, with Node's process metrics, in a registry of its own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests, by operation name (anonymous; other past the label cap)',
    labelNames: ['operation'],
    registers,
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time until a GraphQL response was ready to be sent, by operation name',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code (INTERNAL_SERVER_ERROR for unexpected ones)',
    labelNames: ['code'],
    registers,
  });
  const statements = new Counter({
    name: 'graphql_sql_statements_total',
    help: 'SQL statements run by GraphQL requests, by operation name',
    labelNames: ['operation'],
    registers,
  });
  const cacheLookups = new Counter({
    name: 'graphql_response_cache_lookups_total',
    help: 'Response cache lookups, by outcome (hit, miss)',
    labelNames: ['outcome'],
    registers,
  });
  const documents = new Counter({
    name: 'ingest_documents_total',
    help: 'Documents stored by this process, by outcome (created, updated, unchanged, refused)',
    labelNames: ['outcome'],
    registers,
  });
  // Every outcome is exported from the start, at 0: a rate over a series that appears late misses its first step.
  for (const outcome of ['hit', 'miss']) cacheLookups.inc({ outcome }, 0);
  for (const outcome of documentOutcomes) documents.inc({ outcome }, 0);

  const operationLabels = new Set<string>();
  const operationLabel = (name: string | null): string => {
    if (name === null) return 'anonymous';
    if (operationLabels.has(name)) return name;
    if (!labelPattern.test(name) || operationLabels.size >= maxOperationLabels) return 'other';
    operationLabels.add(name);
    return name;
  };

  return {
    registry,
    observeRequest({ graphql, durationMs }) {
      if (!graphql) return;
      const operation = operationLabel(graphql.operationName);
      requests.inc({ operation });
      duration.observe({ operation }, durationMs / 1000);
      statements.inc({ operation }, graphql.sqlStatements);
      for (const code of graphql.errorCodes) errors.inc({ code: labelPattern.test(code) ? code : 'other' });
      if (graphql.cache) cacheLookups.inc({ outcome: graphql.cache });
    },
    countDocuments(counts) {
      for (const outcome of documentOutcomes) documents.inc({ outcome }, counts[outcome] ?? 0);
    },
  };
}
