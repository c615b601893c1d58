import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

const app = createApp({ config: testConfig, db });

function request(method: string): Promise<Response> {
  return Promise.resolve(app.fetch('http://archive.test/schema.graphql', { method }));
}

describe('/schema.graphql', () => {
  it('serves the committed SDL as UTF-8 text', async () => {
    const response = await request('GET');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await request('POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
