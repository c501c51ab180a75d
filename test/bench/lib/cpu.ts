import { readFileSync, readdirSync } from 'node:fs';

/** A process group the bench accounts CPU time to: named pids, or every process whose command name matches. */
export interface CpuTarget {
  name: string;
  pids?: () => number[];
  comm?: string;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux; /proc reports utime and stime in these ticks

/** utime + stime of one process (its threads included), in seconds; 0 once it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its closing ")" are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function pidsByComm(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.push(Number(entry));
    } catch {
      // exited between readdir and read
    }
  }
  return pids;
}

export type CpuReading = Map<number, number>;

export interface CpuSnapshot {
  at: number;
  byTarget: Map<string, CpuReading>;
}

/**
 * CPU seconds spent by each target between two snapshots. Processes are counted per pid, so a PostgreSQL
 * backend that starts or ends between the snapshots still counts what it spent while both saw it, plus
 * all of its time if it appeared in between (its time at the first snapshot was zero).
 *
 * The targets are asked for at every snapshot, because the set of processes may change between runs (a second
 * worker process started for some runs only); a target with no process in either snapshot is left out.
 */
export class CpuMeter {
  constructor(private readonly targets: () => CpuTarget[]) {}

  snapshot(): CpuSnapshot {
    const byTarget = new Map<string, CpuReading>();
    for (const target of this.targets()) {
      const pids = target.pids ? target.pids() : target.comm ? pidsByComm(target.comm) : [];
      byTarget.set(target.name, new Map(pids.map((pid) => [pid, processCpuSeconds(pid)])));
    }
    return { at: performance.now(), byTarget };
  }

  /** Seconds of CPU per target from `before` to `after`, and the wall-clock seconds between them. */
  static spent(before: CpuSnapshot, after: CpuSnapshot): { wallSeconds: number; cpuSeconds: Record<string, number> } {
    const cpuSeconds: Record<string, number> = {};
    for (const [name, readings] of after.byTarget) {
      const earlier = before.byTarget.get(name) ?? new Map<number, number>();
      if (readings.size === 0 && earlier.size === 0) continue;
      let total = 0;
      for (const [pid, seconds] of readings) total += Math.max(0, seconds - (earlier.get(pid) ?? 0));
      cpuSeconds[name] = total;
    }
    return { wallSeconds: (after.at - before.at) / 1000, cpuSeconds };
  }
}
