import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { readTrustedDocuments, trustedDocumentsFile } from '../../src/http/use-trusted-documents.ts';
import { db, testConfig } from '../support/database.ts';

const sectionsQuery = 'query Sections { sections { slug } }';
const sectionsHash = createHash('sha256').update(sectionsQuery).digest('hex');
const documents = new Map([[sectionsHash, sectionsQuery]]);

function appWith(environment: Record<string, string>) {
  const security = loadConfig(environment).security;
  return createApp({ config: { ...testConfig, security }, db, trustedDocuments: documents });
}

async function post(app: ReturnType<typeof appWith>, body: unknown) {
  const response = await app.fetch('http://archive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe('trusted documents', () => {
  it('with TRUSTED_DOCUMENTS_ONLY=1, run by hash and refuse query text with a code', async () => {
    const app = appWith({ TRUSTED_DOCUMENTS_ONLY: '1' });
    expect(await post(app, byHash(sectionsHash))).toEqual({ status: 200, body: { data: { sections: [] } } });
    const text = await post(app, { query: sectionsQuery });
    expect(text.status).toBe(400);
    expect(text.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_ONLY' }) }),
    ]);
    const unknown = await post(app, byHash('0'.repeat(64)));
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) }),
    ]);
  });

  it('by hash over GET too, as the reader sends them', async () => {
    const app = appWith({ TRUSTED_DOCUMENTS_ONLY: '1' });
    const extensions = encodeURIComponent(JSON.stringify(byHash(sectionsHash).extensions));
    const response = await app.fetch(`http://archive.test/graphql?operationName=Sections&extensions=${extensions}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(await response.json()).toEqual({ data: { sections: [] } });
  });

  it('by default, run both hashes and query text', async () => {
    const app = appWith({});
    expect(await post(app, byHash(sectionsHash))).toEqual({ status: 200, body: { data: { sections: [] } } });
    expect(await post(app, { query: '{ sections { name } }' })).toEqual({
      status: 200,
      body: { data: { sections: [] } },
    });
  });

  it("are the reader's operations, from npm run generate's manifest, each under its text's sha256", () => {
    const manifest = readTrustedDocuments(trustedDocumentsFile, true);
    expect(manifest.size).toBeGreaterThan(0);
    for (const [hash, text] of manifest) {
      expect(createHash('sha256').update(text).digest('hex')).toBe(hash);
    }
  });

  it('need the manifest only when nothing else may run', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'persisted-documents.json');
    expect(readTrustedDocuments(missing, false).size).toBe(0);
    expect(() => readTrustedDocuments(missing, true)).toThrowError(/run npm run generate/);
    writeFileSync(missing, JSON.stringify({ [sectionsHash]: sectionsQuery }));
    expect(readTrustedDocuments(missing, true)).toEqual(documents);
  });
});
