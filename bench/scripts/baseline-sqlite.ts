/**
 * B1, a child process: the benchmark's home page, article page and author page queries answered by a
 * hand-written node:http handler over the same SQLite file (read-only), in the API's exact bytes.
 * Anything else gets a 400.
 */
import { readFileSync } from 'node:fs';
import { type Answer, serveBaseline } from '../lib/baseline-server.ts';
import type { KeyOrder } from '../lib/key-order.ts';
import { articlePageQuery, authorPageQuery, homePageQuery } from '../lib/queries.ts';
import { openSqliteAnswers, type SqliteAnswers } from '../lib/sqlite-answers.ts';

const [databasePath, keyOrderFile] = process.argv.slice(2);
if (databasePath === undefined || keyOrderFile === undefined) {
  throw new Error('usage: baseline-sqlite.ts DATABASE_FILE KEY_ORDER_FILE');
}

const badRequest: Answer = { status: 400, body: '{"errors":[{"message":"not a benchmark request"}]}' };

function readRequest(text: string): { query?: unknown; variables?: Record<string, unknown> } {
  try {
    return JSON.parse(text) as { query?: unknown; variables?: Record<string, unknown> };
  } catch {
    return {};
  }
}

function answer(answers: SqliteAnswers, requestBody: string): Answer {
  const { query, variables } = readRequest(requestBody);
  if (query === homePageQuery) {
    const after = variables?.after ?? null;
    const body = typeof after === 'string' || after === null ? answers.homePage(after) : null;
    return body === null ? badRequest : { status: 200, body };
  }
  if (query === articlePageQuery && typeof variables?.slug === 'string') {
    return { status: 200, body: answers.articlePage(variables.slug) };
  }
  if (query === authorPageQuery && typeof variables?.slug === 'string') {
    return { status: 200, body: answers.authorPage(variables.slug) };
  }
  return badRequest;
}

const answers = openSqliteAnswers(databasePath, JSON.parse(readFileSync(keyOrderFile, 'utf8')) as KeyOrder);
serveBaseline((requestBody) => answer(answers, requestBody));
