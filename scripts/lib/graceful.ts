import type { ChildProcess } from "node:child_process";

/**
 * Asks a child process to stop (SIGTERM) and waits for it to exit. `next start` answers
 * SIGTERM by closing its listening socket (new connections are refused), finishing the
 * requests in flight (those waiting in the ingest group commit among them) and exiting.
 * A child still running after `timeoutMs` (an open server-sent-events stream holds the
 * server open) is killed: what it still had open were streams, which browsers reopen.
 */
export function stopChild(child: ChildProcess, timeoutMs: number): Promise<{ killed: boolean }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ killed: false });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ killed: true });
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve({ killed: false });
    });
    child.kill("SIGTERM");
  });
}

/** Runs `stop` once on the first SIGTERM or SIGINT (a second signal while stopping is ignored). */
export function onStopSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!stopping) {
        stopping = true;
        void stop(signal);
      }
    });
  }
}
