import { createHash } from 'node:crypto';
import { type ArticleChange, type CacheTag, tagsOfChange } from '../schema/cache-dependencies.ts';

/** A response as the cache replays it: the body and what describes it, never per-request headers. */
export interface CachedResponse {
  /** Encoded once, so that a hit sends bytes without encoding the text again. */
  body: Uint8Array<ArrayBuffer>;
  status: number;
  contentType: string;
  /** A strong validator: a hash of `body`, computed once when stored. */
  etag: string;
}

/**
 * A strong ETag (quoted, as the header carries it) for these exact bytes in this media type: the same
 * bytes as JSON and as `application/graphql-response+json` are two representations of one URL.
 */
export function etagOf(body: Uint8Array, contentType: string): string {
  return `"${createHash('sha1').update(contentType).update('\n').update(body).digest('base64url')}"`;
}

/** Where the cache learns what changed: the change feed, read after a sequence, and when to read it. */
export interface ChangeFeed {
  /** Any value that changes when the database does (every commit, by any process). */
  dataVersion(): number;
  /** The sequence of the newest change, 0 when there is none. */
  latestSequence(): Promise<number>;
  /** The next changes after `sequence`, oldest first, a page at a time (an empty page: none). */
  changesAfter(sequence: number): Promise<(ArticleChange & { sequence: number })[]>;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
  feed: ChangeFeed;
}

interface Entry {
  response: CachedResponse;
  bytes: number;
  tags: readonly CacheTag[];
}

/**
 * Whole responses by request, bounded by entries and bytes (oldest first out), each stored with the
 * tags it depends on (schema/cache-dependencies.ts). When `dataVersion()` moved, a look-up first reads
 * the change feed from where it stopped and evicts the tags of each change, so a response is never
 * served after the change that outdates it was committed and seen; responses about other articles and
 * sections stay. A commit that appends no change evicts nothing: every write of what the API shows goes
 * through the writer, which appends to the feed in the write's transaction (a write around it, such as
 * hand-made SQL, is not seen). Finding the feed's position (on the first look-up, and again after a
 * failed read of the feed) empties the cache whole.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #keysByTag = new Map<CacheTag, Set<string>>();
  #bytes = 0;
  /** The data version every change before which has been applied. */
  #version: number;
  /** The last change applied; null while the feed's position is unknown (not started, or a read failed). */
  #sequence: number | null = null;
  /** Grows whenever entries are invalidated: a result computed before may be outdated. */
  #epoch = 0;
  #catchingUp: Promise<void> | null = null;

  constructor(private readonly options: ResponseCacheOptions) {
    this.#version = options.feed.dataVersion();
  }

  /**
   * Settles once every change committed before the call has been applied; undefined when nothing
   * moved, the usual case: a look-up then costs one `dataVersion()`. A round already under way may
   * have read the version before the caller's commit, so the caller waits for it and checks again.
   */
  catchUp(): Promise<void> | undefined {
    if (this.#catchingUp !== null) return this.#catchingUp.then(() => this.catchUp());
    if (this.#sequence !== null && this.options.feed.dataVersion() === this.#version) return undefined;
    this.#catchingUp = this.#applyChanges().finally(() => {
      this.#catchingUp = null;
    });
    return this.#catchingUp;
  }

  /** What a result computed from now on is checked against when stored (see `set`). */
  get epoch(): number {
    return this.#epoch;
  }

  /** Call after `catchUp()` settled. */
  get(key: string): CachedResponse | undefined {
    return this.#entries.get(key)?.response;
  }

  /**
   * Stores a response computed by a request that read `epoch` before its first read, unless entries
   * were invalidated since: its snapshot may predate a change already applied, which would never
   * evict it again.
   */
  set(key: string, response: CachedResponse, tags: Iterable<CacheTag>, epoch: number): void {
    const bytes = response.body.byteLength;
    if (epoch !== this.#epoch || bytes > this.options.maxBytes / 4) return;
    this.#delete(key);
    const entry = { response, bytes, tags: [...tags] };
    this.#entries.set(key, entry);
    this.#bytes += bytes;
    for (const tag of entry.tags) {
      let keys = this.#keysByTag.get(tag);
      if (keys === undefined) {
        keys = new Set();
        this.#keysByTag.set(tag, keys);
      }
      keys.add(key);
    }
    for (const oldestKey of this.#entries.keys()) {
      if (this.#entries.size <= this.options.maxEntries && this.#bytes <= this.options.maxBytes) break;
      this.#delete(oldestKey);
    }
  }

  /** One round: every change committed before it started is applied when it settles. */
  async #applyChanges(): Promise<void> {
    const { feed } = this.options;
    // The version first: a commit after this read moves it again, and the next round reads that.
    const version = feed.dataVersion();
    try {
      if (this.#sequence === null) {
        const sequence = await feed.latestSequence();
        // After the read: a result whose snapshot predates a change up to `sequence` (never applied)
        // is dropped now, or refused when stored (the epoch moves).
        this.#clear();
        this.#sequence = sequence;
      } else {
        // Page by page, until a page comes back empty.
        for (let page = await feed.changesAfter(this.#sequence); page.length > 0; ) {
          for (const change of page) this.#evict(tagsOfChange(change));
          this.#sequence = page.at(-1)?.sequence ?? this.#sequence;
          page = await feed.changesAfter(this.#sequence);
        }
      }
    } catch {
      // What changed is unknown: nothing cached can be trusted, and the next round starts afresh.
      this.#clear();
      this.#sequence = null;
    }
    this.#version = version;
  }

  #evict(tags: readonly CacheTag[]): void {
    this.#epoch += 1;
    for (const tag of tags) {
      for (const key of this.#keysByTag.get(tag) ?? []) this.#delete(key);
    }
  }

  #clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#keysByTag.clear();
    this.#bytes = 0;
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.#keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysByTag.delete(tag);
    }
  }
}
