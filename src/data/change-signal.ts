import type { WriterHooks } from './postgres/writer.ts';

/**
 * Tells every process serving a PostgreSQL archive that it changed: the response cache compares
 * `version()` before and after. (SQLite needs none of this: `PRAGMA data_version` sees every commit
 * to the file, from any process.) The writer announces each committed batch through `writerHooks`;
 * other processes learn of it by LISTEN/NOTIFY, or through Redis when several replicas share one.
 */
export interface ChangeSignal {
  /** Grows whenever a change is announced, by this process or another; never goes back. */
  version(): number;
  readonly writerHooks: WriterHooks;
  readinessProblems(): Promise<string[]>;
  close(): Promise<void>;
}

/** The channel (NOTIFY) or topic (Redis) carrying change announcements. */
export const changeChannel = 'archive_changed';
