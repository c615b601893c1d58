import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { onTestFinished } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { testConfig } from './database.ts';

/** For a test that starts a server: tsx compiles it on start, which takes seconds more on a loaded machine. */
export const childTimeoutMs = 60_000;

/** A server running as a child process, as users run it. */
export interface Served {
  child: ChildProcess;
  port: number;
  /** Everything it wrote to stdout so far. */
  output(): string;
  /** Its JSON log lines so far (the human `GraphiQL at …` line left out). */
  logLines(): Record<string, unknown>[];
  /** Polls until `found` answers; fails if the server exits first. */
  waitFor<T>(found: () => T | undefined): Promise<T>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `src/cli/<script>.ts` over this test file's database in production mode on a free port, and
 * answers once it listens; the child is killed when the test ends, if it is still running.
 */
export async function serveInChild(script: 'serve' | 'start', env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: testConfig.database.url,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.pipe(process.stderr);
  let exited = false;
  const exit = once(child, 'exit').then(([code, signal]) => {
    exited = true;
    return { code, signal };
  });
  const waitFor = async <T>(found: () => T | undefined): Promise<T> => {
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (exited) throw new Error(`the server exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const port = await waitFor(() => /GraphiQL at http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1]);
  const logLines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, port: Number(port), output: () => output, logLines, waitFor, exit };
}
