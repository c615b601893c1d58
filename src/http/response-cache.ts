import type { ExecutionResult } from 'graphql';

/**
 * Whole execution results by request parameters, bounded by entries and bytes (oldest first out),
 * and never older than the data: when `dataVersion()` changes, everything cached is dropped.
 */
export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** Any value that changes when the database does. */
  dataVersion: () => number;
}

interface Entry {
  result: ExecutionResult;
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

  get(key: string): ExecutionResult | undefined {
    this.currentVersion();
    return this.#entries.get(key)?.result;
  }

  /** Stores a result computed at `version` (`bytes` long once serialized), unless the data changed meanwhile. */
  set(key: string, result: ExecutionResult, bytes: number, version: number): void {
    if (this.currentVersion() !== version || bytes > this.options.maxBytes / 4) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.bytes;
    }
    this.#entries.set(key, { result, bytes });
    this.#bytes += bytes;
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#entries.size <= this.options.maxEntries && this.#bytes <= this.options.maxBytes) break;
      this.#entries.delete(oldestKey);
      this.#bytes -= oldest.bytes;
    }
  }
}
