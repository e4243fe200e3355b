import { chmod, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { firstClosedDirectory, reachableCopy } from "./postgres-binaries";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "pt-binaries-"));
  await chmod(root, 0o755);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("firstClosedDirectory", () => {
  it("names the first directory others may not enter on the way to a file", async () => {
    const closed = path.join(root, "checkout");
    await mkdir(path.join(closed, "node_modules", "bin"), { recursive: true });
    await chmod(closed, 0o700);
    expect(await firstClosedDirectory(path.join(closed, "node_modules", "bin", "postgres"))).toBe(closed);
    await chmod(closed, 0o755);
    expect(await firstClosedDirectory(path.join(closed, "node_modules", "bin", "postgres"))).toBeNull();
  });
});

describe("reachableCopy", () => {
  async function binaryPackage() {
    const dir = path.join(root, "closed", "pkg");
    await mkdir(path.join(dir, "native", "bin"), { recursive: true });
    await writeFile(path.join(dir, "native", "bin", "postgres"), "#!/bin/sh\n", { mode: 0o755 });
    await symlink("postgres", path.join(dir, "native", "bin", "postmaster"));
    return dir;
  }

  it("copies the package once, symlinks as they are, and reuses the copy", async () => {
    const pkg = await binaryPackage();
    const parent = path.join(root, "shared");
    await mkdir(parent);
    const copy = await reachableCopy(pkg, parent, "pg-17");
    expect(copy).toBe(path.join(parent, "pg-17"));
    expect(await readFile(path.join(copy, "native", "bin", "postgres"), "utf8")).toBe("#!/bin/sh\n");
    expect(await readlink(path.join(copy, "native", "bin", "postmaster"))).toBe("postgres");
    expect((await stat(copy)).mode & 0o777).toBe(0o755);

    await writeFile(path.join(pkg, "native", "bin", "postgres"), "changed\n");
    expect(await reachableCopy(pkg, parent, "pg-17")).toBe(copy); // reused, not copied again
    expect(await readFile(path.join(copy, "native", "bin", "postgres"), "utf8")).toBe("#!/bin/sh\n");
  });

  it("never runs from a directory of that name that others may write", async () => {
    const pkg = await binaryPackage();
    const parent = path.join(root, "shared");
    await mkdir(path.join(parent, "pg-17", "native", "bin"), { recursive: true });
    await writeFile(path.join(parent, "pg-17", "native", "bin", "postgres"), "somebody else's\n");
    await chmod(path.join(parent, "pg-17"), 0o777);
    const copy = await reachableCopy(pkg, parent, "pg-17");
    expect(copy).not.toBe(path.join(parent, "pg-17"));
    expect(await readFile(path.join(copy, "native", "bin", "postgres"), "utf8")).toBe("#!/bin/sh\n");
    // left alone
    expect((await stat(path.join(parent, "pg-17"))).mode & 0o777).toBe(0o777);
    expect(await readFile(path.join(parent, "pg-17", "native", "bin", "postgres"), "utf8")).toBe("somebody else's\n");
  });

  it("makes a copy of its own that never finished again", async () => {
    const pkg = await binaryPackage();
    const parent = path.join(root, "shared");
    await mkdir(path.join(parent, "pg-17", "native"), { recursive: true }); // ours, 755, but no marker
    const copy = await reachableCopy(pkg, parent, "pg-17");
    expect(copy).toBe(path.join(parent, "pg-17"));
    expect(await readFile(path.join(copy, "native", "bin", "postgres"), "utf8")).toBe("#!/bin/sh\n");
  });
});
