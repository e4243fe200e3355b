import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const SECRET_NAMES = ["AUTH_SECRET", "INGEST_SIGNING_SECRET"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * The secrets a process needs: from the environment, or — in development only —
 * generated once into `dataDir` and reused. In production a missing secret is an
 * error naming the variable.
 */
export async function resolveSecrets(
  env: Partial<Record<SecretName, string>>,
  options: { production: boolean; dataDir: string },
): Promise<{ secrets: Record<SecretName, string>; generated: SecretName[] }> {
  const missing = SECRET_NAMES.filter((name) => !env[name]);
  if (options.production && missing.length > 0) {
    throw new Error(`${missing.join(" and ")} must be set in production (NODE_ENV=production with a DATABASE_URL).`);
  }
  const secrets = {} as Record<SecretName, string>;
  const generated: SecretName[] = [];
  for (const name of SECRET_NAMES) {
    const given = env[name];
    if (given) {
      secrets[name] = given;
      continue;
    }
    const file = path.join(options.dataDir, name.toLowerCase());
    const stored = existsSync(file) ? (await readFile(file, "utf8")).trim() : "";
    if (stored.length >= 32) {
      secrets[name] = stored;
    } else {
      // Missing, empty or truncated (a crash while writing): a fresh one is safer than a weak one.
      await mkdir(options.dataDir, { recursive: true });
      secrets[name] = randomBytes(32).toString("hex");
      await writeFile(file, `${secrets[name]}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
      generated.push(name);
    }
  }
  return { secrets, generated };
}
