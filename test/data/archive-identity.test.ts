import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveIdentity } from '../../src/data/archive-identity.ts';

describe('an archive identity', () => {
  it('is the server and database of a PostgreSQL URL, without credentials or options', () => {
    expect(archiveIdentity('postgresql://app:secret@db.internal:5432/news?sslmode=require')).toBe(
      'db.internal:5432/news',
    );
  });

  it("is an SQLite file's absolute path, however the URL spells it", () => {
    expect(archiveIdentity('file:./data/archive.db')).toBe(`file:${resolve('data/archive.db')}`);
    expect(archiveIdentity(`file:${resolve('data/archive.db')}`)).toBe(`file:${resolve('data/archive.db')}`);
  });
});
