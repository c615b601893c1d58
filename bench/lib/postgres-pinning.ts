import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * The SQLite rows run the API and its database on one core, since SQLite runs inside the server
 * process. PostgreSQL's processes are not our children: to give the PostgreSQL rows the same
 * arrangement, the postmaster and every process it runs are pinned to the server's core for the query
 * rows, then put back. Backends started later (new pool connections) are forked by the postmaster
 * and inherit its affinity, so pinning the postmaster first leaves no gap. This pins the whole
 * server, other users' sessions included, for the duration of those rows: a backend cannot be told
 * apart by who will connect to it before it exists.
 */
export interface PostgresPinning {
  /** What was pinned, or why nothing was, for the report. */
  note: string;
  /** True when PostgreSQL runs on the server's core. */
  pinned: boolean;
  /** Puts every pinned process back on the cores it had; does nothing the second time. */
  restore(): void;
}

function procStatus(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
}

function statusField(status: string, field: string): string | undefined {
  return status.match(new RegExp(`^${field}:\\s*(.+)$`, 'm'))?.[1]?.trim();
}

function cpuListOf(pid: number): string | null {
  const status = procStatus(pid);
  return status === null ? null : (statusField(status, 'Cpus_allowed_list') ?? null);
}

/** The pids whose parent is `parent`, from /proc. */
export function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = procStatus(Number(entry));
    if (status !== null && statusField(status, 'PPid') === String(parent)) children.push(Number(entry));
  }
  return children;
}

/** `taskset -a`: every thread of the process. An error message, or null when it worked. */
function setCpuList(pid: number, cpuList: string): string | null {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { encoding: 'utf8' });
  if (result.status === 0) return null;
  return (result.stderr || result.error?.message || `taskset exited with ${result.status}`).trim();
}

/**
 * The postmaster: the parent of the backend serving a connection. null when that backend is not a
 * process of this machine (another PID namespace, a remote server).
 */
async function findPostmaster(databaseUrl: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = rows[0]?.pid;
    const status = backend === undefined ? null : procStatus(backend);
    const parent = status === null ? undefined : statusField(status, 'PPid');
    return parent === undefined ? null : Number(parent);
  } finally {
    await client.end();
  }
}

function unpinned(reason: string): PostgresPinning {
  return { note: `PostgreSQL unpinned: ${reason}`, pinned: false, restore: () => {} };
}

/** Pins the PostgreSQL server behind `databaseUrl` to `cpuList` (the API server's core); null: no pinning. */
export async function pinPostgres(databaseUrl: string, cpuList: string | null): Promise<PostgresPinning> {
  if (cpuList === null) return unpinned('the API server is not pinned either');
  const postmaster = await findPostmaster(databaseUrl);
  if (postmaster === null) return unpinned('its backend is not a process of this machine');
  const postmasterCpus = cpuListOf(postmaster);
  if (postmasterCpus === null) return unpinned(`cannot read the affinity of the postmaster (pid ${postmaster})`);
  const failure = setCpuList(postmaster, cpuList);
  if (failure !== null) return unpinned(`taskset on the postmaster (pid ${postmaster}) failed: ${failure}`);

  // Each process's own affinity, to put back exactly; processes started from now on inherit the
  // postmaster's and get its original one back.
  const original = new Map<number, string>([[postmaster, postmasterCpus]]);
  for (const child of childrenOf(postmaster)) {
    const cpus = cpuListOf(child);
    // A process gone in between (a session that ended) needs nothing.
    if (cpus !== null && setCpuList(child, cpuList) === null) original.set(child, cpus);
  }
  let restored = false;
  return {
    note: `PostgreSQL pinned to the same core (postmaster pid ${postmaster} and the ${original.size - 1} processes it ran, \`taskset -a\`; backends started later inherit it), restored to ${postmasterCpus} after the query rows`,
    pinned: true,
    restore() {
      if (restored) return;
      restored = true;
      setCpuList(postmaster, postmasterCpus);
      for (const child of childrenOf(postmaster)) setCpuList(child, original.get(child) ?? postmasterCpus);
    },
  };
}
