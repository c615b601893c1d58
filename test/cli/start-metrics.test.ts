import { describe, expect, it } from 'vitest';
import { childTimeoutMs, serveInChild } from '../support/served.ts';

describe('npm start', () => {
  it(
    'counts the seeds it ingests into the metrics it serves',
    async () => {
      const server = await serveInChild('start');
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(metrics.split('\n').filter((line) => line.startsWith('ingest_documents_total'))).toEqual([
        'ingest_documents_total{outcome="created"} 1',
        'ingest_documents_total{outcome="updated"} 0',
        'ingest_documents_total{outcome="unchanged"} 0',
        'ingest_documents_total{outcome="refused"} 0',
      ]);
    },
    childTimeoutMs,
  );
});
