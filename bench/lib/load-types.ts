import type { Variables } from './queries.ts';

/** What bench/scripts/load.ts is asked to do, passed as a JSON file. */
export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  query: string;
  /** One set per request, picked at random; absent: the same body, without variables, every time. */
  variableSets?: Variables[];
}

/** What bench/scripts/load.ts prints on stdout, as JSON. */
export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** 2xx responses that carry GraphQL errors. */
  graphqlErrors: number;
  /**
   * CPU time of the load generator per second of load, in cores. Near 1 the generator, not the
   * server, sets the pace, and the row's rate is a lower bound of what the server can do.
   */
  loadGeneratorCores: number;
  /** Responses the load generator read the headers of, and how many the API's response cache answered. */
  responses: number;
  responseCacheHits: number;
}
