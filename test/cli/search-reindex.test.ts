import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { articleSpec, parsed, seedText, store } from '../support/archive.ts';
import { db, testConfig } from '../support/database.ts';
import { executeOk } from '../support/execute.ts';

function runReindex(args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/search-reindex.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: testConfig.database.url, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
}

async function slugsFound(query: string): Promise<string[]> {
  const data = await executeOk<{ search: { edges: { node: { slug: string } }[] } }, { query: string }>(
    'query ($query: String!) { search(query: $query) { edges { node { slug } } } }',
    { query },
  );
  return data.search.edges.map((edge) => edge.node.slug).sort();
}

const tariffs = articleSpec({ title: '关税新规', url: 'https://cn.nytimes.com/business/20240902/tariffs/' });

beforeAll(async () => {
  await store(seedText);
  await store(renderDocument(tariffs));
});

describe('npm run search:reindex', () => {
  it('rebuilds a lost index from the stored articles, reporting progress on stderr', async () => {
    const found = [parsed(seedText).slug, 'business/20240902/tariffs'].sort();
    expect(await slugsFound('关税')).toEqual(found);
    // As an archive that predates search: articles stored, nothing indexed.
    await db.prisma.$executeRawUnsafe('DELETE FROM "ArticleSearch"');
    expect(await slugsFound('关税')).toEqual([]);

    const run = runReindex();
    expect(run.stderr).toBe('reindexed 2/2 articles\n');
    expect(run.stdout).toBe('search index rebuilt: 2 articles\n');
    expect(run.status).toBe(0);
    expect(await slugsFound('关税')).toEqual(found);
    expect(await slugsFound('Rappeport')).toEqual(found);
  });

  it('takes no arguments', () => {
    const run = runReindex(['extra']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('usage: npm run search:reindex\n');
  });
});
