import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControls, printablePath } from '../../src/cli/ingest-report.ts';
import { projectRoot } from '../../src/config.ts';
import { renderDocument } from '../../src/corpus/render.ts';
import { articleSpec } from '../support/archive.ts';

/**
 * Root reads any folder whatever its mode, so as root the ingest runs without the capabilities that
 * override file permissions (setpriv drops them from its bounding set): then `chmod 000` denies the
 * read as it does for an operator, while the project itself, root's own, stays readable wherever it
 * was cloned (another user, such as `nobody`, may not even reach a clone in a private folder).
 */
function unprivileged(command: string[]): string[] {
  return process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...command] : command;
}

/** A folder the unprivileged ingest can write its SQLite database into. */
function workFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ingest-fs-'));
  chmodSync(folder, 0o777);
  return folder;
}

function runIngest(args: string[], databaseUrl: string) {
  const [command = '', ...rest] = unprivileged([process.execPath, '--import', 'tsx', 'src/cli/ingest.ts', ...args]);
  return spawnSync(command, rest, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', HOME: tmpdir() },
    encoding: 'utf8',
  });
}

describe('npm run ingest on a hostile file system', () => {
  it('refuses an unreadable folder and an unreadable file by name and stores the rest', () => {
    const work = workFolder();
    const docs = join(work, 'docs');
    mkdirSync(join(docs, 'b-locked'), { recursive: true });
    writeFileSync(join(docs, 'a-good.txt'), renderDocument(articleSpec()));
    writeFileSync(join(docs, 'b-locked', 'hidden-from-us.txt'), renderDocument(articleSpec()));
    writeFileSync(join(docs, 'c-locked.txt'), renderDocument(articleSpec()));
    writeFileSync(join(docs, 'd-good.txt'), renderDocument(articleSpec()));
    chmodSync(join(docs, 'b-locked'), 0);
    chmodSync(join(docs, 'c-locked.txt'), 0);

    const run = runIngest([docs], `file:${join(work, 'archive.db')}`);
    expect(run.stdout).toBe(
      `refused ${join(docs, 'b-locked')}: permission denied\n` +
        `refused ${join(docs, 'c-locked.txt')}: permission denied\n` +
        'ingested 2, updated 0, unchanged 0, refused 2\n',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  }, 60_000);

  it('prints a file name holding a newline escaped, so it cannot forge a summary line', () => {
    const work = workFolder();
    const forged = 'x.txt: fine\ningested 999, updated 0, unchanged 0, refused 0\n.txt';
    writeFileSync(join(work, forged), 'no title line here\n');
    writeFileSync(join(work, 'tab\there.txt'), '\u001b[2Jclear\n');

    const run = runIngest([join(work, forged), join(work, 'tab\there.txt')], `file:${join(work, 'archive.db')}`);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `refused ${work}/x.txt: fine\\ningested 999, updated 0, unchanged 0, refused 0\\n.txt: no title line: expected "[title](https://…)" on the first lines`,
      `refused ${work}/tab\\there.txt: no title line: expected "[title](https://…)" on the first lines`,
      'ingested 0, updated 0, unchanged 0, refused 2',
    ]);
    expect(run.status).toBe(1);
  }, 60_000);

  it('escapes control characters as JSON does, and backslashes in paths', () => {
    expect(escapeControls('a\nb\rc\td\u001b[0m\u007f\u2028')).toBe('a\\nb\\rc\\td\\u001b[0m\\u007f\\u2028');
    expect(escapeControls('标题 "quoted" \\ ok')).toBe('标题 "quoted" \\ ok');
    expect(printablePath('/tmp/a\\nb\n')).toBe('/tmp/a\\\\nb\\n');
  });
});
