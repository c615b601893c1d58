import { type ArticleList, parseResult, postGraphql, type SampleRequests } from './graphql-client.ts';
import { type KeyOrder, learnKeyOrder } from './key-order.ts';
import { articlePageQuery, authorPageQuery, type GraphqlRequest } from './queries.ts';

/**
 * Article and author pages the key order is learned from; the verification samples start at 0 and are
 * spread over the list, so they are mostly others.
 */
const learnedPages = { from: 1, to: 6 };

async function learnedBodies(url: string, query: string, slugs: string[]): Promise<string[]> {
  const bodies: string[] = [];
  for (const slug of slugs.slice(learnedPages.from, learnedPages.to)) {
    const request = { query, variables: { slug } };
    const body = await postGraphql(url, request);
    parseResult(body, request);
    bodies.push(body);
  }
  return bodies;
}

/**
 * The API's key order, from its first home page and a few article and author pages. The verification
 * that follows runs on more samples, so it also checks that the order does not vary between answers.
 */
export async function learnApiKeyOrder(url: string, list: ArticleList, authorSlugs: string[]): Promise<KeyOrder> {
  return learnKeyOrder([
    list.firstPageBody,
    ...(await learnedBodies(url, articlePageQuery, list.slugs)),
    ...(await learnedBodies(url, authorPageQuery, authorSlugs)),
  ]);
}

const excerptChars = 80;

function firstDifference(expected: string, actual: string): number {
  const shorter = Math.min(expected.length, actual.length);
  for (let index = 0; index < shorter; index += 1) {
    if (expected[index] !== actual[index]) return index;
  }
  return shorter;
}

function describeMismatch(request: GraphqlRequest, expected: string, actual: string): string {
  const at = firstDifference(expected, actual);
  const excerpt = (text: string) => JSON.stringify(text.slice(Math.max(0, at - excerptChars / 2), at + excerptChars));
  return [
    `B1 differs from the GraphQL server for ${JSON.stringify(request.variables ?? {})} at byte ${at}:`,
    `  GraphQL: ${excerpt(expected)}`,
    `  B1:      ${excerpt(actual)}`,
  ].join('\n');
}

/**
 * Sends every sample to both servers and requires byte-identical bodies, and no GraphQL errors, so that
 * B1 is known to do the same work before its speed is compared. Returns how many samples were compared.
 */
export async function verifyBaselineMatches(
  graphqlUrl: string,
  baselineUrl: string,
  samples: SampleRequests,
): Promise<number> {
  const requests = [samples.firstPage, ...samples.pages, ...samples.articles, ...samples.authors];
  for (const request of requests) {
    const [expected, actual] = await Promise.all([postGraphql(graphqlUrl, request), postGraphql(baselineUrl, request)]);
    parseResult(expected, request);
    if (actual !== expected) throw new Error(describeMismatch(request, expected, actual));
  }
  return requests.length;
}
