/**
 * What the processes cost, read from Linux /proc: the server's resident memory (VmRSS) sampled on
 * a fixed interval for the whole run, and CPU time (utime + stime) of the server, of every
 * PostgreSQL process, and of this load-generating process — so a scenario can say where the two
 * shared cores went.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of a process in MiB, or undefined once it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSample {
  /** ms since the sampler started. */
  t: number;
  mib: number;
}

/** Samples a process's RSS every `intervalMs` until stopped; reads are cheap (one small file). */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly t0 = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes a sample now and returns its index (scenario boundaries are sample indices). */
  sample(): number {
    const mib = rssMiB(this.pid);
    if (mib !== undefined) this.samples.push({ t: performance.now() - this.t0, mib });
    return this.samples.length - 1;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Start, peak and end RSS between two sample indices (inclusive). */
  window(from: number, to: number): { start: number; peak: number; end: number } {
    const xs = this.samples.slice(from, to + 1).map((s) => s.mib);
    return { start: xs[0] ?? NaN, peak: Math.max(...xs), end: xs.at(-1) ?? NaN };
  }
}

let clockTicks: number | undefined;
/** Kernel clock ticks per second (the unit of /proc/<pid>/stat times). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system) a process has used, or undefined when it is gone. */
function cpuSeconds(pid: number): { comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after "(comm)": state is index 0, so utime (14th overall) is 11 and stime is 12.
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of PostgreSQL processes, by pid: those in `pids` when given (our database's
 * backends and the cluster's background workers), else every process named "postgres…".
 */
function postgresCpu(pids?: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  const candidates = pids ? [...pids] : readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  for (const pid of candidates) {
    const c = cpuSeconds(pid);
    if (c && c.comm.startsWith('postgres')) out.set(pid, c.seconds);
  }
  return out;
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const busy = cpu.reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0);
  return busy / ticksPerSecond();
}

export interface CpuSnapshot {
  at: number;
  server: number;
  postgres: Map<number, number>;
  client: number;
  machine: number;
}

export function cpuSnapshot(serverPid: number, postgresPids?: ReadonlySet<number>): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    at: performance.now(),
    server: cpuSeconds(serverPid)?.seconds ?? NaN,
    postgres: postgresCpu(postgresPids),
    client: (u.user + u.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

/** Average cores busy between two snapshots: the server, PostgreSQL, this client, and anything else. */
export interface CpuUse {
  server: number;
  postgres: number;
  client: number;
  /** Machine busy time not accounted for by the three above (other work on a shared box). */
  other: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const wall = (b.at - a.at) / 1000;
  let pg = 0;
  // Backends that started during the window count from zero; ones that ended are lost (rare: pools persist).
  for (const [pid, s] of b.postgres) pg += s - (a.postgres.get(pid) ?? 0);
  const server = (b.server - a.server) / wall;
  const postgres = pg / wall;
  const client = (b.client - a.client) / wall;
  const machine = (b.machine - a.machine) / wall;
  return { server, postgres, client, other: Math.max(0, machine - server - postgres - client) };
}

/** Cores busy machine-wide, averaged over `ms`. */
export async function machineBusyCores(ms = 500): Promise<number> {
  const a = machineBusySeconds();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (machineBusySeconds() - a) / ((performance.now() - t) / 1000);
}

/**
 * On a shared machine, waits (at most `maxSeconds`) until other work leaves it nearly idle, so a
 * window starts on a quiet machine. Returns the busy cores last seen and the seconds waited.
 */
export async function waitForQuiet(maxSeconds: number, thresholdCores = 0.3): Promise<{ busy: number; waited: number }> {
  const t0 = performance.now();
  let busy = await machineBusyCores();
  while (busy > thresholdCores && performance.now() - t0 < maxSeconds * 1000) busy = await machineBusyCores(1000);
  return { busy, waited: (performance.now() - t0) / 1000 };
}
