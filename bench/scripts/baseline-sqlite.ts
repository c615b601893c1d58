/**
 * B1, a child process: the benchmark's home page, article page and author page queries answered by a
 * hand-written node:http handler over the same SQLite file (read-only), in the API's exact bytes.
 * Anything else gets a 400.
 */
import { readFileSync } from 'node:fs';
import { type Answer, badRequest, readBenchmarkRequest, serveBaseline } from '../lib/baseline-server.ts';
import type { KeyOrder } from '../lib/key-order.ts';
import { openSqliteAnswers, type SqliteAnswers } from '../lib/sqlite-answers.ts';

const [databasePath, keyOrderFile] = process.argv.slice(2);
if (databasePath === undefined || keyOrderFile === undefined) {
  throw new Error('usage: baseline-sqlite.ts DATABASE_FILE KEY_ORDER_FILE');
}

function answer(answers: SqliteAnswers, requestBody: string): Answer {
  const request = readBenchmarkRequest(requestBody);
  switch (request?.page) {
    case 'home': {
      const body = answers.homePage(request.after);
      return body === null ? badRequest : { status: 200, body };
    }
    case 'article':
      return { status: 200, body: answers.articlePage(request.slug) };
    case 'author':
      return { status: 200, body: answers.authorPage(request.slug) };
    default:
      return badRequest;
  }
}

const answers = openSqliteAnswers(databasePath, JSON.parse(readFileSync(keyOrderFile, 'utf8')) as KeyOrder);
serveBaseline((requestBody) => answer(answers, requestBody));
