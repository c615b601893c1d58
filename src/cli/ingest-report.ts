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

/**
 * Text as one line of output: control characters escaped as in a JSON string, so a file name holding
 * a newline or a terminal escape sequence can neither forge a line of the summary nor repaint the
 * terminal. Ordinary names, spaces and CJK included, print as they are.
 */
export function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => {
    const short = SHORT_ESCAPES[character];
    return short ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A path as one line: backslashes doubled too, so an escaped newline cannot be told from a name spelling `\n`. */
export function printablePath(path: string): string {
  return escapeControls(path.replaceAll('\\', '\\\\'));
}

export function formatSummary(summary: IngestSummary): string {
  const lines = summary.refused.map(({ file, reason }) => `refused ${printablePath(file)}: ${escapeControls(reason)}`);
  lines.push(
    `ingested ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`,
  );
  return `${lines.join('\n')}\n`;
}
