import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { createApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { createArticleIntake } from '../../src/ingest/intake.ts';
import { articleSpec } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';

/** The integration API as a CMS meets it: processes of its own, a token from `npm run token`. */

function childEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' };
}

async function post(app: ReturnType<typeof createApp>, query: string, variables: object, token?: string) {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const app = createApp({ config: testConfig, db, intake: createArticleIntake() });

describe('the change feed', () => {
  it('shows the changes of a CLI ingest in another process, in order', async () => {
    const { body: before } = await post(app, '{ latestChangeSequence }', {});
    const specs = [articleSpec(), articleSpec()];
    const folder = mkdtempSync(join(tmpdir(), 'feed-ingest-'));
    // The CLI stores files in name order.
    for (const [index, spec] of specs.entries()) writeFileSync(join(folder, `${index}.txt`), renderDocument(spec));
    const ingest = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', folder], {
      cwd: projectRoot,
      env: childEnvironment(),
      encoding: 'utf8',
    });
    expect(ingest.stdout).toContain('ingested 2');

    const { body } = await post(app, 'query ($after: Int!) { changes(after: $after) { sequence type url } }', {
      after: before.data.latestChangeSequence,
    });
    const changes: { sequence: number; type: string; url: string }[] = body.data.changes;
    expect(changes.map(({ type, url }) => ({ type, url }))).toEqual(
      specs.map((spec) => ({ type: 'ARTICLE_CREATED', url: spec.url })),
    );
    expect(changes[1]?.sequence).toBeGreaterThan(changes[0]?.sequence ?? Number.POSITIVE_INFINITY);
    const { body: after } = await post(app, '{ latestChangeSequence }', {});
    expect(after.data.latestChangeSequence).toBe(changes[1]?.sequence);
  });
});

describe('npm run token', () => {
  it('prints a token that, with its entry configured, may write', async () => {
    const run = spawnSync('npm', ['run', '--silent', 'token', '--', 'cms', 'write+read'], {
      cwd: projectRoot,
      env: childEnvironment(),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const token = /^token: (\S+)$/m.exec(run.stdout)?.[1];
    const entry = /^API_TOKENS entry: (\S+)$/m.exec(run.stdout)?.[1];
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(entry).toMatch(/^cms:write\+read:[0-9a-f]{64}$/);

    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testConfig.database.url, API_TOKENS: entry });
    const writer = createApp({ config, db, intake: createArticleIntake() });
    const spec = articleSpec();
    const mutation = 'mutation ($input: DocumentInput!) { ingestDocument(input: $input) { status } }';
    const input = { source: renderDocument(spec) };
    expect(await post(writer, mutation, { input }, token)).toEqual({
      status: 200,
      body: { data: { ingestDocument: { status: 'CREATED' } } },
    });
    expect((await post(writer, mutation, { input }, `${token}x`)).status).toBe(401);
  });
});

describe('metrics', () => {
  it('counts the documents the API stored and refused', async () => {
    const metrics = createMetrics();
    const token = 'metrics-test-token';
    const sha256 = createHash('sha256').update(token).digest();
    const counted = createApp({
      config: { ...testConfig, auth: { tokens: [{ name: 'cms', scopes: ['write'], sha256 }] } },
      db,
      metrics,
      intake: createArticleIntake(),
    });
    const mutation = 'mutation ($inputs: [DocumentInput!]!) { ingestDocuments(inputs: $inputs) { status } }';
    const inputs = [{ source: renderDocument(articleSpec()) }, { source: '' }];
    await post(counted, mutation, { inputs }, token);
    const text = await metrics.registry.getSingleMetricAsString('ingest_documents_total');
    expect(text).toContain('ingest_documents_total{outcome="created"} 1');
    expect(text).toContain('ingest_documents_total{outcome="refused"} 1');
  });
});
