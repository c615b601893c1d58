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

  interface Options extends RawRequest {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    requests?: RequestStep[];
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
