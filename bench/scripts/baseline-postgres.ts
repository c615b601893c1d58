/**
 * B1 on PostgreSQL, a child process: the benchmark's home page, article page and author page queries
 * answered by a hand-written node:http handler over the same PostgreSQL database, one prepared
 * statement per request, in the API's exact bytes. Anything else gets a 400.
 */
import { readFileSync } from 'node:fs';
import { type Answer, badRequest, readBenchmarkRequest, serveBaseline } from '../lib/baseline-server.ts';
import type { KeyOrder } from '../lib/key-order.ts';
import { openPostgresAnswers, type PostgresAnswers } from '../lib/postgres-answers.ts';

const [databaseUrl, keyOrderFile] = process.argv.slice(2);
if (databaseUrl === undefined || keyOrderFile === undefined) {
  throw new Error('usage: baseline-postgres.ts DATABASE_URL KEY_ORDER_FILE');
}

async function answer(answers: PostgresAnswers, requestBody: string): Promise<Answer> {
  const request = readBenchmarkRequest(requestBody);
  switch (request?.page) {
    case 'home': {
      const body = await answers.homePage(request.after);
      return body === null ? badRequest : { status: 200, body };
    }
    case 'article':
      return { status: 200, body: await answers.articlePage(request.slug) };
    case 'author':
      return { status: 200, body: await answers.authorPage(request.slug) };
    default:
      return badRequest;
  }
}

const answers = openPostgresAnswers(databaseUrl, JSON.parse(readFileSync(keyOrderFile, 'utf8')) as KeyOrder);
serveBaseline((requestBody) => answer(answers, requestBody));
// The pool's connections would keep the process alive after the server closes.
process.once('SIGTERM', () => void answers.close());
