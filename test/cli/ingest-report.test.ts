import { describe, expect, it } from 'vitest';
import { terminalReport } from '../../src/cli/ingest-report.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

const emptyBar = `[${' '.repeat(30)}]`;

describe('terminalReport', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const { stream, written } = fakeStream(true);
    const { onProgress } = terminalReport(stream);
    onProgress?.({ done: 1, total: 2, file: 'a.txt' });
    onProgress?.({ done: 2, total: 2, file: 'b.txt' });
    expect(written).toEqual([`\r[${'#'.repeat(15)}${' '.repeat(15)}] 1/2`, `\r[${'#'.repeat(30)}] 2/2`, '\n']);
  });

  it('says after a second that a batch waits for another writer, and erases the notice when the bar moves on', () => {
    const { stream, written } = fakeStream(true);
    const { onProgress, onWaiting } = terminalReport(stream);
    onWaiting?.({ waitedMs: 400 });
    onWaiting?.({ waitedMs: 1200 });
    onProgress?.({ done: 0, total: 400, file: 'a.txt' });
    onWaiting?.({ waitedMs: 2600 });
    onProgress?.({ done: 400, total: 400, file: 'b.txt' });
    expect(written).toEqual([
      '\rwaiting for another writer… 1 s',
      `\r${emptyBar} 0/400\x1b[K`,
      `\r${emptyBar} 0/400 waiting for another writer… 2 s`,
      `\r[${'#'.repeat(30)}] 400/400\x1b[K`,
      '\n',
    ]);
  });

  it('stays silent when the output is not a terminal', () => {
    expect(terminalReport(fakeStream(false).stream)).toEqual({});
  });
});
