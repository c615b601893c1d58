import type { RequestDatabase } from '../data/database.ts';
import { RequestLoaders } from './loaders.ts';

/** Who is asking. Everyone is anonymous until writes need a bearer token. */
export type Viewer = { kind: 'anonymous' };

export const anonymousViewer: Viewer = { kind: 'anonymous' };

/** What every resolver of one GraphQL request sees; built fresh for each request. */
export interface Context {
  /** The request's own view of the database: all its reads see one committed state. */
  db: RequestDatabase;
  loaders: RequestLoaders;
  viewer: Viewer;
  /** From the client's `x-request-id` when it sent a usable one, else generated. */
  requestId: string;
}

export function createContext(db: RequestDatabase, requestId: string, viewer: Viewer = anonymousViewer): Context {
  return { db, loaders: new RequestLoaders(), viewer, requestId };
}
