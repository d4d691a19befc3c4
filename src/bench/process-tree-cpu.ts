import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports /proc times in clock ticks of 1/USER_HZ s; USER_HZ is 100 on every architecture Node runs on. */
const MS_PER_TICK = 10;
// Fields of /proc/PID/stat counted from after the command name, which is in parentheses and may hold spaces.
const PARENT_FIELD = 1;
const USER_TIME_FIELD = 11;
const SYSTEM_TIME_FIELD = 12;
const REAPED_CHILDREN_USER_TIME_FIELD = 13;
const REAPED_CHILDREN_SYSTEM_TIME_FIELD = 14;

interface ProcessTimes {
  parent: number;
  cpuMs: number;
  /** Of its children that ended and that it waited for. */
  reapedChildrenMs: number;
}

/**
 * CPU time (user and system, all threads) of every process descended from `root`, `root` left out: the
 * browser a benchmark started, with its GPU, network, zygote and renderer processes, read from /proc.
 */
export function descendantsCpuMs(root: number = process.pid): number {
  const processes = everyProcess();
  let total = 0;
  for (const [pid, times] of processes) if (descendsFrom(pid, root, processes)) total += times.cpuMs;
  return total;
}

/**
 * CPU time (user and system, all threads) of `root` and of every process it started, in ms: those running now
 * (a server's ffmpeg) and those that ended and that it waited for, as Node does. 0 once `root` has ended.
 */
export function processTreeCpuMs(root: number): number {
  const processes = everyProcess();
  const own = processes.get(root);
  if (own === undefined) return 0;
  let total = own.cpuMs + own.reapedChildrenMs;
  for (const [pid, times] of processes) if (descendsFrom(pid, root, processes)) total += times.cpuMs + times.reapedChildrenMs;
  return total;
}

function everyProcess(): Map<number, ProcessTimes> {
  const processes = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(entry);
    if (times !== undefined) processes.set(Number(entry), times);
  }
  return processes;
}

function readTimes(pid: string): ProcessTimes | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // ended since the folder was listed
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = (...indices: number[]): number => indices.reduce((total, index) => total + Number(fields[index]), 0) * MS_PER_TICK;
  return {
    parent: Number(fields[PARENT_FIELD]),
    cpuMs: ticks(USER_TIME_FIELD, SYSTEM_TIME_FIELD),
    reapedChildrenMs: ticks(REAPED_CHILDREN_USER_TIME_FIELD, REAPED_CHILDREN_SYSTEM_TIME_FIELD),
  };
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
