import type { IngestProgress, IngestSummary } from '../ingest/pipeline.ts';

const barWidth = 30;

/** A one-line progress bar, redrawn in place; only used when stderr is a terminal. */
export function terminalProgress(stream: NodeJS.WriteStream): ((progress: IngestProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let lastDrawn = 0;
  return ({ done, total }) => {
    const now = Date.now();
    if (done !== total && now - lastDrawn < 100) return;
    lastDrawn = now;
    const filled = Math.round((done / Math.max(total, 1)) * barWidth);
    stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(barWidth - filled)}] ${done}/${total}`);
    if (done === total) stream.write('\n');
  };
}

export function formatSummary(summary: IngestSummary): string {
  const lines = summary.refused.map(({ file, reason }) => `refused ${file}: ${reason}`);
  lines.push(
    `ingested ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`,
  );
  return `${lines.join('\n')}\n`;
}
