import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { db, testConfig } from '../support/database.ts';

function appWith(corsOrigins: string | undefined) {
  const security = loadConfig(corsOrigins === undefined ? {} : { CORS_ORIGINS: corsOrigins }).security;
  return createApp({ config: { ...testConfig, security }, db });
}

async function corsHeaders(app: ReturnType<typeof appWith>, origin: string, method = 'POST') {
  const response = await app.fetch('http://archive.test/graphql', {
    method,
    headers:
      method === 'OPTIONS'
        ? { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
        : { origin, 'content-type': 'application/json' },
    body: method === 'OPTIONS' ? null : JSON.stringify({ query: '{ __typename }' }),
  });
  return {
    origin: response.headers.get('access-control-allow-origin'),
    credentials: response.headers.get('access-control-allow-credentials'),
  };
}

describe('CORS', () => {
  it('lets any origin read without credentials by default (yoga reflected it with credentials)', async () => {
    const app = appWith(undefined);
    expect(await corsHeaders(app, 'https://evil.example')).toEqual({
      origin: 'https://evil.example',
      credentials: null,
    });
    expect(await corsHeaders(app, 'https://evil.example', 'OPTIONS')).toEqual({
      origin: 'https://evil.example',
      credentials: null,
    });
  });

  it('allows credentials for listed origins only', async () => {
    const app = appWith('https://app.example, https://cms.example');
    expect(await corsHeaders(app, 'https://cms.example')).toEqual({
      origin: 'https://cms.example',
      credentials: 'true',
    });
    expect(await corsHeaders(app, 'https://cms.example', 'OPTIONS')).toEqual({
      origin: 'https://cms.example',
      credentials: 'true',
    });
    // Without `*` in the list, other origins get no CORS headers: browsers keep them from reading.
    expect(await corsHeaders(app, 'https://evil.example')).toEqual({ origin: null, credentials: null });
  });

  it('with * listed, lets other origins read without credentials', async () => {
    const app = appWith('https://app.example,*');
    expect(await corsHeaders(app, 'https://app.example')).toEqual({
      origin: 'https://app.example',
      credentials: 'true',
    });
    expect(await corsHeaders(app, 'https://evil.example')).toEqual({
      origin: 'https://evil.example',
      credentials: null,
    });
  });
});
