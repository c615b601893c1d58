import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Enough of a child's output to explain a failure, without letting a chatty server grow the harness. */
const keptOutputChars = 64 * 1024;
const stopGraceMs = 5_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface Child {
  /** Undefined when the command could not be started. */
  pid: number | undefined;
  command: string[];
  exited: Promise<ExitStatus>;
  hasExited(): boolean;
  stdout(): string;
  stderr(): string;
}

/** Runs `script` (TypeScript, from the project root) in a fresh node, the way every child of the harness is run. */
export function nodeScript(script: string, ...args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', script, ...args];
}

function keepTail(text: string): string {
  return text.length > keptOutputChars ? text.slice(-keptOutputChars) : text;
}

/**
 * Every process the harness starts, so that all of them can be stopped at the end whatever happened.
 * Each child leads its own process group: stopping the group also stops what it forked (such as the
 * command under /usr/bin/time).
 */
export class Children {
  #running = new Set<Child>();

  start(command: string[], env: NodeJS.ProcessEnv): Child {
    const [file, ...args] = command;
    if (file === undefined) throw new Error('empty command');
    const spawned = spawn(file, args, { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const child = this.#track(spawned, command);
    this.#running.add(child);
    void child.exited.then(() => this.#running.delete(child));
    return child;
  }

  /** Starts a command and waits for it to exit, stopping it when it outlives `timeoutMs`. */
  async run(command: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ child: Child; seconds: number }> {
    const started = performance.now();
    const child = this.start(command, env);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.stop(child);
    }, timeoutMs);
    const status = await child.exited;
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;
    if (timedOut) throw new Error(`${describe(child)} took longer than ${timeoutMs / 1000} s`);
    if (status.code !== 0) {
      throw new Error(`${describe(child)} failed (${describeStatus(status)}): ${lastLines(child)}`);
    }
    return { child, seconds };
  }

  /** SIGTERM first so servers close cleanly, SIGKILL for whatever is still there after a grace period. */
  async stop(child: Child): Promise<void> {
    if (child.hasExited()) return;
    signalGroup(child, 'SIGTERM');
    let graceTimer: NodeJS.Timeout | undefined;
    const graceExpired = new Promise<'expired'>((resolve) => {
      graceTimer = setTimeout(() => resolve('expired'), stopGraceMs);
    });
    const outcome = await Promise.race([child.exited, graceExpired]);
    clearTimeout(graceTimer);
    if (outcome === 'expired') {
      signalGroup(child, 'SIGKILL');
      await child.exited;
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#running].map((child) => this.stop(child)));
  }

  #track(spawned: ChildProcess, command: string[]): Child {
    let stdout = '';
    let stderr = '';
    let exited = false;
    spawned.stdout?.on('data', (chunk: Buffer) => {
      stdout = keepTail(stdout + chunk.toString());
    });
    spawned.stderr?.on('data', (chunk: Buffer) => {
      stderr = keepTail(stderr + chunk.toString());
    });
    const exitStatus = new Promise<ExitStatus>((resolve) => {
      spawned.once('error', (error) => resolve({ code: null, signal: null, error }));
      spawned.once('close', (code, signal) => resolve({ code, signal }));
    }).then((status) => {
      exited = true;
      return status;
    });
    return {
      pid: spawned.pid,
      command,
      exited: exitStatus,
      hasExited: () => exited,
      stdout: () => stdout,
      stderr: () => stderr,
    };
  }
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  // No pid: the spawn itself failed. A negative pid would address some other process group.
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function describe(child: Child): string {
  return child.command.map((part) => (part === process.execPath ? 'node' : part)).join(' ');
}

function describeStatus(status: ExitStatus): string {
  if (status.error) return status.error.message;
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/** The end of a child's output, on one line, for error messages. */
export function lastLines(child: Child): string {
  const output = `${child.stderr()}\n${child.stdout()}`.trim().split('\n').slice(-5).join(' | ');
  return output === '' ? '(no output)' : output;
}

/**
 * VmRSS of a running child. The child must be node itself (taskset execs it), not a wrapper such as
 * npm, or this would measure the wrapper.
 */
export function residentMemoryMb(child: Child): number {
  const name = readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
  // The kernel keeps the first 15 characters of the executable's name.
  if (name !== basename(process.execPath).slice(0, 15)) {
    throw new Error(`process ${child.pid} is ${name}, not node: cannot report the server's memory`);
  }
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kilobytes = status.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
  return Number(kilobytes) / 1024;
}
