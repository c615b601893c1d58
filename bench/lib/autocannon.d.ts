// autocannon ships no types and this project adds no @types package for it: only what the load generator
// (bench/scripts/load.ts, bench/lib/load-generator.ts) uses.
declare module 'autocannon' {
  interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  interface RequestStep {
    /** Called before each request on this step; returns the request to send. */
    setupRequest?: (request: RawRequest, context: object) => RawRequest;
  }

  /** What http-parser-js hands on when a response's headers are complete: names and values, alternating. */
  interface ResponseHead {
    statusCode: number;
    headers: string[];
  }

  /** One connection; `setupClient` gets it before it connects. */
  interface Client {
    on(event: 'headers', listener: (head: ResponseHead) => void): Client;
  }

  interface Options extends RawRequest {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    requests?: RequestStep[];
    setupClient?: (client: Client) => void;
    /** A false return counts the response as a mismatch. */
    verifyBody?: (body: string) => boolean;
  }

  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }

  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
