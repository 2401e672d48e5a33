import { readdirSync, readFileSync } from 'node:fs';

/** The pids of a whole process group (a server and anything it forked), from /proc. */
export function processGroupMembers(pgid: number): string[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[2]) === pgid; // field 5, pgrp
    } catch {
      return false; // the process ended meanwhile
    }
  });
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
