import { readFileSync } from 'node:fs';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How often the processes that started this one are looked at. */
const WATCH_INTERVAL_MS = 500;

/**
 * Calls `stop` once, however the local endpoint is meant to end: Ctrl-C (SIGINT), SIGTERM, a
 * closed terminal (SIGHUP), or the death of what started it. `npm start` runs its script through
 * a shell and tsx; npm killed outright (SIGKILL, or a SIGHUP npm does not pass on) leaves them
 * running, holding the port, unless this process notices that one of them is gone.
 */
export function stopWhenEnded(stop: () => void): void {
  let stopped = false;
  const once = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(watch);
    stop();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, once);
  if (process.connected) process.once('disconnect', once);
  const parent = process.ppid;
  const launchers = launcherChain();
  const watch = setInterval(() => {
    if (process.ppid !== parent || launchers.some((pid) => !isAlive(pid))) once();
  }, WATCH_INTERVAL_MS);
  watch.unref();
}

/**
 * The processes between this one and the npm that ran its script, npm included (npm sets
 * `npm_lifecycle_event` for its script's processes, not for itself). Read from /proc, so Linux
 * only; elsewhere, and outside npm, the parent alone is watched.
 */
function launcherChain(): number[] {
  const event = process.env.npm_lifecycle_event;
  if (event === undefined) return [];
  const chain: number[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 8; pid = parentOf(pid) ?? 0) {
    chain.push(pid);
    if (environmentOf(pid)?.get('npm_lifecycle_event') !== event) break;
  }
  return chain;
}

/** The fields of /proc/<pid>/stat after "pid (comm)": state, ppid, …; comm may hold spaces and parentheses. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const ppid = statOf(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

function environmentOf(pid: number): Map<string, string> | undefined {
  try {
    const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return new Map(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // Dead but not yet reaped by its parent (a zombie) is gone for this purpose.
  return statOf(pid)?.[0] !== 'Z';
}
