import type { IngestOptions, IngestSummary } from '../ingest/pipeline.ts';

const barWidth = 30;
/** Waits shorter than this are routine between two writers and not worth a notice. */
const waitingNoticeMs = 1000;
/** Erases from the cursor to the end of the line, for a notice longer than what replaces it. */
const eraseLineEnd = '\x1b[K';

/**
 * On a terminal, a one-line progress bar redrawn in place, followed by a notice while a batch waits for
 * another process's write lock; elsewhere (a pipe, a file) nothing.
 */
export function terminalReport(stream: NodeJS.WriteStream): Pick<IngestOptions, 'onProgress' | 'onWaiting'> {
  if (!stream.isTTY) return {};
  let lastDrawn = 0;
  let bar = '';
  let noticeShown = false;
  return {
    onProgress: ({ done, total }) => {
      const now = Date.now();
      if (done !== total && now - lastDrawn < 100) return;
      lastDrawn = now;
      const filled = Math.round((done / Math.max(total, 1)) * barWidth);
      bar = `[${'#'.repeat(filled)}${' '.repeat(barWidth - filled)}] ${done}/${total}`;
      stream.write(`\r${bar}${noticeShown ? eraseLineEnd : ''}`);
      noticeShown = false;
      if (done === total) stream.write('\n');
    },
    onWaiting: ({ waitedMs }) => {
      if (waitedMs < waitingNoticeMs) return;
      const notice = `waiting for another writer… ${Math.floor(waitedMs / 1000)} s`;
      stream.write(`\r${bar === '' ? notice : `${bar} ${notice}`}`);
      noticeShown = true;
    },
  };
}

export function formatSummary(summary: IngestSummary): string {
  const lines = summary.refused.map(({ file, reason }) => `refused ${file}: ${reason}`);
  lines.push(
    `ingested ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`,
  );
  return `${lines.join('\n')}\n`;
}
