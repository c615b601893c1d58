import { describe, expect, it } from 'vitest';
import { ChangeFollower } from '../../src/data/change-follower.ts';
import type { Change, PrismaClient } from '../../src/generated/prisma/client.ts';

interface FindManyArgs {
  where?: { sequence?: { gt: number }; section?: string };
  orderBy: { sequence: 'asc' | 'desc' };
  take: number;
}

/**
 * The change table in memory, with the follower's two reads: a test decides when commits happen
 * (`dataVersion` moves with each) and can hold a read after it has seen the table, as a slow
 * statement would, to commit more in between.
 */
class FakeFeed {
  readonly rows: Change[] = [];
  version = 0;
  reads = 0;
  /** The next read sees the table, then waits for this before answering. */
  holdNextRead: Promise<void> | undefined;

  commit(count: number, section = 'world'): void {
    for (let index = 0; index < count; index += 1) {
      const sequence = this.rows.length + 1;
      this.rows.push({
        sequence,
        type: 'ARTICLE_CREATED',
        articleId: sequence,
        url: `https://cn.nytimes.com/${section}/20240101/a-${sequence}/`,
        section,
        at: new Date(0),
      });
    }
    this.version += 1;
  }

  source() {
    const findMany = async ({ where, orderBy, take }: FindManyArgs) => {
      this.reads += 1;
      const after = where?.sequence?.gt ?? 0;
      const rows = this.rows.filter(
        (row) => row.sequence > after && (where?.section === undefined || row.section === where.section),
      );
      const page = (orderBy.sequence === 'asc' ? rows : rows.reverse()).slice(0, take);
      const hold = this.holdNextRead;
      this.holdNextRead = undefined;
      await hold;
      return page;
    };
    return { dataVersion: () => this.version, prisma: { change: { findMany } } as unknown as PrismaClient };
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function take(iterator: AsyncIterator<Change>, count: number): Promise<number[]> {
  const sequences: number[] = [];
  while (sequences.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    sequences.push(next.value.sequence);
  }
  return sequences;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('the change follower', () => {
  it('hands over each change once and in order across the seam of catch-up and live changes', async () => {
    const feed = new FakeFeed();
    feed.commit(2500);
    const follower = new ChangeFollower(feed.source(), 5);
    const changes = await follower.follow({ after: 10, section: null });

    // The first catch-up page is read before 5 more commit, and answered after the follower has
    // handed those 5 over live: they arrive from both sides, and count once.
    const held = deferred();
    feed.holdNextRead = held.promise;
    const first = take(changes, 1000);
    feed.commit(5);
    // Reads so far: the follower's start, the held catch-up page, the follower's read of the 5.
    while (feed.reads < 3) await sleep(5);
    await sleep(5);
    held.resolve();
    expect(await first).toEqual(range(11, 1010));
    expect(await take(changes, 1495)).toEqual(range(1011, 2505));

    feed.commit(3);
    expect(await take(changes, 3)).toEqual(range(2506, 2508));
    await changes.return?.();
    follower.close();
  });

  it('starts from the newest change without `after`, and filters by section', async () => {
    const feed = new FakeFeed();
    feed.commit(3);
    const follower = new ChangeFollower(feed.source(), 5);
    const all = await follower.follow({ after: null, section: null });
    const business = await follower.follow({ after: 0, section: 'business' });
    feed.commit(1, 'business');
    feed.commit(1, 'world');
    feed.commit(1, 'business');
    expect(await take(all, 3)).toEqual([4, 5, 6]);
    expect(await take(business, 2)).toEqual([4, 6]);
    follower.close();
    expect(await business.next()).toEqual({ done: true, value: undefined });
    await expect(follower.follow({ after: 0, section: null })).rejects.toThrow('closed');
  });

  it('catches up from the table again when a slow reader falls too far behind', async () => {
    const feed = new FakeFeed();
    const follower = new ChangeFollower(feed.source(), 5);
    const changes = await follower.follow({ after: 0, section: null });
    feed.commit(1);
    expect(await take(changes, 1)).toEqual([1]);
    // More than a subscription buffers, delivered live while nobody reads.
    for (let batch = 0; batch < 12; batch += 1) {
      feed.commit(1000);
      const readsBefore = feed.reads;
      while (feed.reads === readsBefore) await sleep(5);
    }
    expect(await take(changes, 12_000)).toEqual(range(2, 12_001));
    follower.close();
  });

  it('reads nothing while nobody subscribes, and stops when the last subscriber leaves mid-wait', async () => {
    const feed = new FakeFeed();
    const follower = new ChangeFollower(feed.source(), 5);
    feed.commit(1);
    await sleep(30);
    expect(feed.reads).toBe(0);

    const changes = await follower.follow({ after: null, section: null });
    const waiting = changes.next();
    await sleep(20);
    await changes.return?.();
    expect(await waiting).toEqual({ done: true, value: undefined });
    const reads = feed.reads;
    feed.commit(1);
    await sleep(30);
    expect(feed.reads).toBe(reads);
  });

  it('fails its subscribers when the feed cannot be read, so that they resume with `after`', async () => {
    const feed = new FakeFeed();
    const source = feed.source();
    let broken = false;
    const follower = new ChangeFollower(
      {
        prisma: source.prisma,
        dataVersion: () => {
          if (broken) throw new Error('database closed');
          return source.dataVersion();
        },
      },
      5,
    );
    const changes = await follower.follow({ after: null, section: null });
    const waiting = changes.next();
    broken = true;
    await expect(waiting).rejects.toThrow('database closed');
  });
});
