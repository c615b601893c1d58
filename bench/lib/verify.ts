import { type ArticleList, parseResult, postGraphql, type SampleRequests } from './graphql-client.ts';
import { type KeyOrder, learnKeyOrder } from './key-order.ts';
import { articlePageQuery, type GraphqlRequest } from './queries.ts';

/** Article pages the key order is learned from, apart from the verification samples (which start at 0). */
const learnedArticles = { from: 1, to: 6 };

/**
 * The API's key order, from its first home page and a few article pages. The verification that
 * follows runs on other samples, so it also checks that the order does not vary between answers.
 */
export async function learnApiKeyOrder(url: string, list: ArticleList): Promise<KeyOrder> {
  const bodies = [list.firstPageBody];
  for (const slug of list.slugs.slice(learnedArticles.from, learnedArticles.to)) {
    const request = { query: articlePageQuery, variables: { slug } };
    const body = await postGraphql(url, request);
    parseResult(body, request);
    bodies.push(body);
  }
  return learnKeyOrder(bodies);
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
  const requests = [samples.firstPage, ...samples.pages, ...samples.articles];
  for (const request of requests) {
    const [expected, actual] = await Promise.all([postGraphql(graphqlUrl, request), postGraphql(baselineUrl, request)]);
    parseResult(expected, request);
    if (actual !== expected) throw new Error(describeMismatch(request, expected, actual));
  }
  return requests.length;
}
