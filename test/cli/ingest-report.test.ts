import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../src/cli/ingest-report.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('terminalProgress', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const { stream, written } = fakeStream(true);
    const progress = terminalProgress(stream);
    progress?.({ done: 1, total: 2, file: 'a.txt' });
    progress?.({ done: 2, total: 2, file: 'b.txt' });
    expect(written).toEqual([`\r[${'#'.repeat(15)}${' '.repeat(15)}] 1/2`, `\r[${'#'.repeat(30)}] 2/2`, '\n']);
  });

  it('stays silent when the output is not a terminal', () => {
    expect(terminalProgress(fakeStream(false).stream)).toBeUndefined();
  });
});
