import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestScript, maxRssReporterScript, parseOnlyScript } from './child-scripts.ts';
import { type Children, nodeScript, projectRoot } from './processes.ts';

/** One child process over a whole corpus, timed from start to exit. */
export interface CorpusRun {
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  peakRssMb: number;
}

/** Generous: at 20 documents/s a run still finishes; beyond that something is stuck. */
const ingestTimeoutMs = (documents: number) => 60_000 + documents * 50;
const parseTimeoutMs = (documents: number) => 60_000 + documents * 20;

const gnuTime = '/usr/bin/time';

function gnuTimeWorks(): boolean {
  return spawnSync(gnuTime, ['-v', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * The command and environment that run a node script and leave its peak RSS in `reportFile`: GNU
 * time when there is one, else a preloaded module that writes the same line when node exits.
 */
function withPeakRssReport(script: string, args: string[], reportFile: string) {
  if (gnuTimeWorks()) return { command: [gnuTime, '-v', '-o', reportFile, ...nodeScript(script, ...args)], env: {} };
  const preload = pathToFileURL(join(projectRoot, maxRssReporterScript)).href;
  return {
    command: [process.execPath, '--import', 'tsx', '--import', preload, script, ...args],
    env: { BENCH_MAX_RSS_FILE: reportFile },
  };
}

function readPeakRssMb(reportFile: string): number {
  const kilobytes = readFileSync(reportFile, 'utf8').match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1];
  if (kilobytes === undefined) throw new Error(`no peak RSS in ${reportFile}`);
  return Number(kilobytes) / 1024;
}

interface CorpusCommand {
  script: string;
  corpusDirectory: string;
  documents: number;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** The line the command prints when it handled every document. */
  expectedOutput: string;
  reportFile: string;
}

async function measureCorpusRun(children: Children, run: CorpusCommand): Promise<CorpusRun> {
  const measured = withPeakRssReport(run.script, [run.corpusDirectory], run.reportFile);
  const env = { ...process.env, ...measured.env, ...run.env, NODE_ENV: 'production' };
  const { child, seconds } = await children.run(measured.command, env, run.timeoutMs);
  if (!child.stdout().includes(run.expectedOutput)) {
    throw new Error(`${run.script} did not report "${run.expectedOutput}": ${child.stdout().trim()}`);
  }
  const { documents } = run;
  return { documents, seconds, documentsPerSecond: documents / seconds, peakRssMb: readPeakRssMb(run.reportFile) };
}

/**
 * Ingests a corpus into a new, empty database (a SQLite file not there yet, or an empty PostgreSQL
 * database) through the ingest CLI, end to end: process start, migration, every document, exit.
 * `reportFile` receives the peak RSS.
 */
export function measureIngestion(
  children: Children,
  corpusDirectory: string,
  documents: number,
  databaseUrl: string,
  reportFile: string,
): Promise<CorpusRun> {
  return measureCorpusRun(children, {
    script: ingestScript,
    corpusDirectory,
    documents,
    env: { DATABASE_URL: databaseUrl },
    timeoutMs: ingestTimeoutMs(documents),
    expectedOutput: `ingested ${documents}, updated 0, unchanged 0, refused 0`,
    reportFile,
  });
}

/** Reads and parses the same corpus without a database, measured end to end like the ingestion. */
export function measureParseOnly(children: Children, corpusDirectory: string, documents: number): Promise<CorpusRun> {
  return measureCorpusRun(children, {
    script: parseOnlyScript,
    corpusDirectory,
    documents,
    env: {},
    timeoutMs: parseTimeoutMs(documents),
    expectedOutput: `parsed ${documents}, refused 0`,
    reportFile: `${corpusDirectory}.parse.time`,
  });
}
