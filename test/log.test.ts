import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

/** Logs `lines` lines through `createLogger`'s stdout, then dies as a crash would: no exit handler runs. */
const loggingThenKilled = `
  import { createLogger } from './src/log.ts';
  const logger = createLogger({ level: 'info' });
  setImmediate(() => {
    for (let line = 0; line < 50; line++) logger.info({ line }, 'logged');
    process.kill(process.pid, 'SIGKILL');
  });
`;

it('has every line on stdout once it is logged, so a crash right after loses none', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', loggingThenKilled], {
    encoding: 'utf8',
  });
  expect(child.signal).toBe('SIGKILL');
  const lines = child.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { line: number });
  expect(lines.map(({ line }) => line)).toEqual(Array.from({ length: 50 }, (_, line) => line));
});
