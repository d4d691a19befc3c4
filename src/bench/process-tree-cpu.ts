import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports /proc times in clock ticks of 1/USER_HZ s; USER_HZ is 100 on every architecture Node runs on. */
const MS_PER_TICK = 10;
// Fields of /proc/PID/stat counted from after the command name, which is in parentheses and may hold spaces.
const PARENT_FIELD = 1;
const USER_TIME_FIELD = 11;
const SYSTEM_TIME_FIELD = 12;

interface ProcessTimes {
  parent: number;
  cpuMs: number;
}

/**
 * CPU time (user and system, all threads) of every process descended from `root`, `root` left out: the
 * browser a benchmark started, with its GPU, network, zygote and renderer processes, read from /proc.
 */
export function descendantsCpuMs(root: number = process.pid): number {
  const processes = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(entry);
    if (times !== undefined) processes.set(Number(entry), times);
  }
  let total = 0;
  for (const [pid, times] of processes) if (descendsFrom(pid, root, processes)) total += times.cpuMs;
  return total;
}

/** CPU time (user and system, all threads) of one process so far, in ms; 0 once it has ended. */
export function processCpuMs(pid: number): number {
  return readTimes(String(pid))?.cpuMs ?? 0;
}

function readTimes(pid: string): ProcessTimes | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // ended since the folder was listed
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(fields[PARENT_FIELD]), cpuMs: (Number(fields[USER_TIME_FIELD]) + Number(fields[SYSTEM_TIME_FIELD])) * MS_PER_TICK };
}

function descendsFrom(pid: number, root: number, processes: ReadonlyMap<number, ProcessTimes>): boolean {
  for (let parent = processes.get(pid)?.parent; parent !== undefined && parent > 1; parent = processes.get(parent)?.parent) {
    if (parent === root) return true;
  }
  return false;
}

/**
 * CPU time the whole machine has spent busy (user, nice, system, interrupts; not idle, waiting on disks or stolen
 * by the hypervisor), added up over its cores, in ms: what every process of a run costs, ffmpeg and nats-server
 * included, with whatever else the machine runs meanwhile.
 */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq!) * MS_PER_TICK;
}
