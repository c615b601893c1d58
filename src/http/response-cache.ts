/** A response as the cache replays it: the body and what describes it, never per-request headers. */
export interface CachedResponse {
  /** Encoded once, so that a hit sends bytes without encoding the text again. */
  body: Uint8Array<ArrayBuffer>;
  status: number;
  contentType: string;
}

/**
 * Whole responses by request, bounded by entries and bytes (oldest first out),
 * and never older than the data: when `dataVersion()` changes, everything cached is dropped.
 */
export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** Any value that changes when the database does. */
  dataVersion: () => number;
}

interface Entry {
  response: CachedResponse;
  bytes: number;
}

export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #version: number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.#version = options.dataVersion();
  }

  /** The version the next stored result must have been computed at; empties the cache when data changed. */
  currentVersion(): number {
    const version = this.options.dataVersion();
    if (version !== this.#version) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#version = version;
    }
    return version;
  }

  /** The version the last look-up found, without reading it again (the read is a statement). */
  get checkedVersion(): number {
    return this.#version;
  }

  get(key: string): CachedResponse | undefined {
    this.currentVersion();
    return this.#entries.get(key)?.response;
  }

  /** Stores a response computed at `version` (`bytes` long once serialized), unless the data changed meanwhile. */
  set(key: string, response: CachedResponse, bytes: number, version: number): void {
    if (this.currentVersion() !== version || bytes > this.options.maxBytes / 4) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.bytes;
    }
    this.#entries.set(key, { response, bytes });
    this.#bytes += bytes;
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#entries.size <= this.options.maxEntries && this.#bytes <= this.options.maxBytes) break;
      this.#entries.delete(oldestKey);
      this.#bytes -= oldest.bytes;
    }
  }
}
