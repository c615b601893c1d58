import type { ArticleIntake } from '../archive/intake.ts';
import type { ArticleRecord } from '../archive/record.ts';
import type { ChangeFollower } from '../data/change-follower.ts';
import type { RequestDatabase } from '../data/database.ts';
import type { StoreResult } from '../data/write/store-each.ts';
import type { DeletedArticle } from '../data/write/writer.ts';
import { RequestLoaders } from './loaders.ts';

/** Who is asking: anonymous, or the holder of a configured bearer token (`API_TOKENS`) with its scopes. */
export type Viewer = { kind: 'anonymous' } | { kind: 'token'; name: string; scopes: readonly string[] };

export const anonymousViewer: Viewer = { kind: 'anonymous' };

/** What mutations write through; one per app, wired by the composition root (see http/article-writes.ts). */
export interface ArticleWrites {
  /** Reads documents and structured input into records; null when the app was built without one. */
  readonly intake: ArticleIntake | null;
  /** Larger documents are refused. */
  readonly maxDocumentBytes: number;
  /** All records in one transaction, else one at a time so that only a faulty one fails; in record order. */
  store(records: readonly ArticleRecord[]): Promise<StoreResult[]>;
  /** Answers the articles that existed. */
  delete(ids: readonly number[]): Promise<DeletedArticle[]>;
  /** Counts documents a mutation refused before they reached the writer. */
  countRefused(count: number): void;
}

/** What the `articleChanged` subscription reads from: the app's one change follower, and the request's resume point. */
export interface ChangeStream {
  readonly follower: Pick<ChangeFollower, 'follow'>;
  /** The `Last-Event-ID` header a reconnecting SSE client sends: the sequence of the last event it received. */
  readonly lastEventId: string | null;
}

/** What every resolver of one GraphQL request sees; built fresh for each request. */
export interface Context {
  /** The request's own view of the database: all its reads see one committed state. */
  db: RequestDatabase;
  loaders: RequestLoaders;
  viewer: Viewer;
  /** From the client's `x-request-id` when it sent a usable one, else generated. */
  requestId: string;
  writes: ArticleWrites;
  changes: ChangeStream;
}

export function createContext(
  db: RequestDatabase,
  requestId: string,
  writes: ArticleWrites,
  changes: ChangeStream,
  viewer: Viewer = anonymousViewer,
): Context {
  return { db, loaders: new RequestLoaders(), viewer, requestId, writes, changes };
}
