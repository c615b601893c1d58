import type { Change } from '../generated/prisma/client.ts';
import type { Database } from './database.ts';

/** How often the follower looks at `dataVersion()` while someone subscribes: well inside the one second promised. */
const defaultPollIntervalMs = 50;
/** Changes read per statement, while catching up and while following. */
const pageSize = 1000;
/**
 * Live changes a subscription holds for a reader slower than the feed. Past this it drops them and
 * catches up from the table again, so a stalled client costs a bounded amount of memory.
 */
const maxBuffered = 10_000;

export interface FollowOptions {
  /** Only changes with a greater sequence; null: from the newest change at the time of the call. */
  after: number | null;
  /** Only changes of this section; null: all. */
  section: string | null;
}

type ChangeSource = Pick<Database, 'prisma' | 'dataVersion'>;

export function readAfter(db: ChangeSource, after: number, section: string | null): Promise<Change[]> {
  return db.prisma.change.findMany({
    where: { sequence: { gt: after }, ...(section === null ? {} : { section }) },
    orderBy: { sequence: 'asc' },
    take: pageSize,
  });
}

export async function latestSequence(db: ChangeSource): Promise<number> {
  const [latest] = await db.prisma.change.findMany({
    select: { sequence: true },
    orderBy: { sequence: 'desc' },
    take: 1,
  });
  return latest?.sequence ?? 0;
}

/**
 * One subscriber's changes: first those already in the table (read page by page), then live ones the
 * follower hands over, which it buffers meanwhile. Both overlap at the seam; `last` drops what was
 * already delivered, so each change comes once and in sequence order.
 */
class ChangeSubscription implements AsyncIterableIterator<Change> {
  #last = 0;
  #catchingUp = true;
  #page: Change[] = [];
  #live: Change[] = [];
  #wake: (() => void) | undefined;
  #failure: { error: unknown } | undefined;
  #ended = false;

  constructor(
    private readonly db: ChangeSource,
    private readonly section: string | null,
    private readonly onEnd: (subscription: ChangeSubscription) => void,
  ) {}

  /** Called once, before the first `next()`: where the subscriber's feed starts. */
  startAfter(sequence: number): void {
    this.#last = sequence;
  }

  /** A change the follower read, in sequence order. */
  deliver(change: Change): void {
    if (this.section !== null && change.section !== this.section) return;
    if (this.#live.length >= maxBuffered) {
      // Everything dropped is committed already: reading the table again finds it.
      this.#live = [];
      this.#catchingUp = true;
    }
    this.#live.push(change);
    this.#wakeUp();
  }

  /** The follower stopped: `next()` throws `error` when given, else the feed ends. */
  end(error?: unknown): void {
    if (error !== undefined) this.#failure = { error };
    this.#ended = true;
    this.#wakeUp();
  }

  async next(): Promise<IteratorResult<Change, undefined>> {
    for (;;) {
      if (this.#ended) return this.#finish();
      if (this.#catchingUp && this.#page.length === 0) {
        this.#page = await readAfter(this.db, this.#last, this.section);
        // An empty page: the table holds nothing newer than `last`, so the live buffer holds the rest.
        if (this.#page.length === 0) this.#catchingUp = false;
        continue;
      }
      const change = this.#catchingUp ? this.#page.shift() : this.#live.shift();
      if (change === undefined) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        continue;
      }
      if (change.sequence <= this.#last) continue;
      this.#last = change.sequence;
      return { done: false, value: change };
    }
  }

  /** The subscriber went away (a closed connection): it stops receiving at once, even mid-wait. */
  async return(): Promise<IteratorResult<Change, undefined>> {
    this.#ended = true;
    this.#wakeUp();
    return this.#finish();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #finish(): IteratorResult<Change, undefined> {
    this.onEnd(this);
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = undefined;
      throw error;
    }
    return { done: true, value: undefined };
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * Follows the change feed (`Change`, appended in the same transaction as every write, by any process)
 * for the `articleChanged` subscription: while anyone subscribes, it polls `dataVersion()` — on SQLite a
 * pragma on a connection of its own, on PostgreSQL a counter of change announcements — and when it
 * moved reads the changes after the last one it saw, handing each to every subscriber in order. Nobody
 * subscribing, it runs no timer. One per app: subscribers share its reads.
 */
export class ChangeFollower {
  readonly #db: ChangeSource;
  readonly #pollIntervalMs: number;
  readonly #subscriptions = new Set<ChangeSubscription>();
  /** Settles once the follower knows where the feed is; null while stopped. */
  #started: Promise<void> | null = null;
  /** Bumped on every stop, so that a poll in flight from before does not schedule another. */
  #generation = 0;
  #seen = 0;
  #version = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(db: ChangeSource, pollIntervalMs = defaultPollIntervalMs) {
    this.#db = db;
    this.#pollIntervalMs = pollIntervalMs;
  }

  /**
   * Every change after `options.after`, in sequence order, each once, then live ones as they commit,
   * until the iterator is returned or the follower closes.
   */
  async follow(options: FollowOptions): Promise<AsyncIterableIterator<Change>> {
    if (this.#closed) throw new Error('the change follower is closed');
    const subscription = new ChangeSubscription(this.#db, options.section, (ended) => this.#remove(ended));
    // Registered first: what commits while it catches up is buffered, not missed.
    this.#subscriptions.add(subscription);
    try {
      // The follower must know its starting point before the catch-up reads: a change committed in
      // between would otherwise be neither read by the catch-up nor handed over live.
      await this.#start();
      subscription.startAfter(options.after ?? (await latestSequence(this.#db)));
    } catch (error) {
      this.#remove(subscription);
      throw error;
    }
    return subscription;
  }

  /** Ends every subscription (their feeds complete) and stops following; `follow` refuses from now on. */
  close(): void {
    this.#closed = true;
    for (const subscription of this.#subscriptions) subscription.end();
    this.#subscriptions.clear();
    this.#stop();
  }

  #start(): Promise<void> {
    this.#started ??= (async () => {
      const generation = this.#generation;
      // The version first: a commit after reading it moves it again, so nothing is missed.
      const version = this.#db.dataVersion();
      const seen = await latestSequence(this.#db);
      if (generation !== this.#generation) return;
      this.#version = version;
      this.#seen = seen;
      this.#schedule(generation);
    })().catch((error: unknown) => {
      this.#started = null;
      throw error;
    });
    return this.#started;
  }

  #schedule(generation: number): void {
    this.#timer = setTimeout(() => void this.#poll(generation), this.#pollIntervalMs);
    // A subscription keeps its connection open; the follower alone must not keep a process alive.
    this.#timer.unref();
  }

  async #poll(generation: number): Promise<void> {
    try {
      const version = this.#db.dataVersion();
      if (version !== this.#version) {
        await this.#readNew(generation);
        this.#version = version;
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      // Subscribers cannot be told what they missed: their feeds fail, and clients resume with `after`.
      for (const subscription of this.#subscriptions) subscription.end(error);
      this.#subscriptions.clear();
      this.#stop();
      return;
    }
    if (generation === this.#generation) this.#schedule(generation);
  }

  async #readNew(generation: number): Promise<void> {
    for (;;) {
      const page = await readAfter(this.#db, this.#seen, null);
      if (generation !== this.#generation) return;
      for (const change of page) {
        this.#seen = change.sequence;
        for (const subscription of this.#subscriptions) subscription.deliver(change);
      }
      if (page.length < pageSize) return;
    }
  }

  #remove(subscription: ChangeSubscription): void {
    this.#subscriptions.delete(subscription);
    if (this.#subscriptions.size === 0) this.#stop();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#started = null;
    this.#generation += 1;
  }
}
