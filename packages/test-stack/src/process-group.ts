import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * The numeric fields of /proc/PID/stat after the command name (index 2: pgrp; 11, 12: utime, stime; 13, 14:
 * cutime, cstime, in ticks), or undefined once the process has ended.
 */
export function processStat(pid: number | string): number[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return undefined;
  }
}

/** The pids of a whole process group (a server and anything it forked), from /proc. */
export function processGroupMembers(pgid: number): string[] {
  return readdirSync('/proc').filter(
    (entry) => /^\d+$/.test(entry) && processStat(entry)?.[2] === pgid, // field 5, pgrp
  );
}

/** CPU seconds (user + system) a process has used so far. */
export function processCpuSeconds(pid: number | string): number {
  const fields = processStat(pid);
  return ((fields?.[11] ?? 0) + (fields?.[12] ?? 0)) / USER_HZ;
}

/** CPU seconds of the children a process has reaped (they exited and it waited for them). */
export function reapedChildrenCpuSeconds(pid: number | string): number {
  const fields = processStat(pid);
  return ((fields?.[13] ?? 0) + (fields?.[14] ?? 0)) / USER_HZ;
}

/** CPU seconds the live processes of a group have used. */
export function processGroupCpuSeconds(pgid: number): number {
  return processGroupMembers(pgid).reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
}

/** PSS of these processes, summed (shared pages split between the processes mapping them): memory that adds up. */
export function processesPssKiB(pids: readonly string[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // it exited meanwhile
    }
  }
  return total;
}

/** CPU seconds the whole machine has spent busy (all but idle and iowait), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / USER_HZ;
}

/** Resident memory of a whole process group. */
export function processGroupRssBytes(pgid: number): number {
  let total = 0;
  for (const pid of processGroupMembers(pgid)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The command line of each process in a group. */
export function processGroupCommandLines(pgid: number): string[] {
  return processGroupMembers(pgid).flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()];
    } catch {
      return [];
    }
  });
}
