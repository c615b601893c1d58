import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export interface Pinning {
  /** Command prefixes: the server (and the baselines) on one core, the load generator on the other. */
  server: string[];
  load: string[];
  /** The server's core as `taskset -c` takes it, for processes pinned after they started; null when unpinned. */
  serverCpuList: string | null;
  note: string;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  totalMemoryMb: number;
  date: string;
  /** Other work on the machine skews every number; this shows whether there was some when the run began. */
  loadAverageAtStart: number;
  pinning: Pinning;
}

function cpuModel(): string {
  try {
    return (
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^model name\s*:\s*(.+)$/m)?.[1]
        ?.trim() ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

export function oneMinuteLoadAverage(): number {
  return loadavg()[0] ?? 0;
}

function tasksetWorks(core: number): boolean {
  return spawnSync('taskset', ['-c', String(core), 'true'], { stdio: 'ignore' }).status === 0;
}

function choosePinning(cores: number): Pinning {
  if (cores < 2) {
    return {
      server: [],
      load: [],
      serverCpuList: null,
      note: 'unpinned: one core only, server and load generator share it',
    };
  }
  if (!tasksetWorks(0) || !tasksetWorks(1)) {
    return {
      server: [],
      load: [],
      serverCpuList: null,
      note: 'unpinned: taskset is missing or may not pin to cores 0 and 1',
    };
  }
  return {
    server: ['taskset', '-c', '0'],
    load: ['taskset', '-c', '1'],
    serverCpuList: '0',
    note: 'server and baselines pinned to core 0, load generator to core 1 (taskset)',
  };
}

export function describeMachine(): Machine {
  const cores = availableParallelism();
  return {
    cores,
    cpuModel: cpuModel(),
    node: process.version,
    totalMemoryMb: Math.round(totalmem() / 1_048_576),
    date: new Date().toISOString(),
    loadAverageAtStart: oneMinuteLoadAverage(),
    pinning: choosePinning(cores),
  };
}

/**
 * Whether other work was running when the run began. The harness has started nothing yet; one core's
 * worth is allowed for what launched it and for background noise, and more than that competes with
 * the cores the run pins its processes to.
 */
export function busyAtStart({ loadAverageAtStart, cores }: Machine): boolean {
  return loadAverageAtStart > cores - 1;
}

export function machineLine(machine: Machine): string {
  const memoryGb = (machine.totalMemoryMb / 1024).toFixed(1);
  return `${machine.cores} cores, ${machine.cpuModel}, ${memoryGb} GB RAM, Node ${machine.node}, ${machine.date}; ${machine.pinning.note}`;
}
