/**
 * Preloaded (`node --import`) into a measured child when /usr/bin/time is missing: writes the process's
 * peak RSS in GNU time's words, so that one parser reads both.
 */
import { writeFileSync } from 'node:fs';

const reportFile = process.env.BENCH_MAX_RSS_FILE;
if (reportFile) {
  process.once('exit', () => {
    writeFileSync(reportFile, `Maximum resident set size (kbytes): ${process.resourceUsage().maxRSS}\n`);
  });
}
