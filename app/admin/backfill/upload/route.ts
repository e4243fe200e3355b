import { z } from "zod";
import { AccessDeniedError, assertRole, getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { readLimited } from "@/lib/http/read-limited";
import { createBackfillRun } from "@/lib/ingest/backfill";
import { MAX_BACKFILL_BYTES } from "@/lib/ingest/backfill-csv";

// POST /admin/backfill/upload — the back-fill file (multipart, field `file`), answered
// with { id } of the validated run or { error }. A route handler rather than a server
// action: the 20 MiB limit then applies to this one endpoint, read as a stream, instead
// of raising the body limit of every server action in the app.

/** The file plus the multipart envelope around it. */
const MAX_UPLOAD_BYTES = MAX_BACKFILL_BYTES + 64 * 1024;
const MIB = MAX_BACKFILL_BYTES / 1024 / 1024;

const ZUpload = z.object({
  file: z
    .instanceof(File, { message: "Choose a CSV file to upload." })
    .refine((f) => f.size > 0, "The file is empty.")
    .refine((f) => f.size <= MAX_BACKFILL_BYTES, `The file is larger than ${MIB} MiB.`)
    .refine((f) => /\.csv$/i.test(f.name) || f.type === "text/csv", "Choose a .csv file."),
});

const answer = (status: number, body: { id: string } | { error: string }) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

export async function POST(request: Request): Promise<Response> {
  // Server actions refuse cross-site posts by themselves; a route handler has to.
  if (!isSameOrigin(request)) {
    return answer(403, { error: "Cross-site upload refused." });
  }
  const staff = await getCurrentStaff();
  if (!staff) {
    return answer(404, { error: "Not found." });
  }
  try {
    assertRole(staff, "ADMIN");
  } catch (error) {
    if (error instanceof AccessDeniedError) {
      return answer(403, { error: error.message });
    }
    throw error;
  }

  const body = await readLimited(request, MAX_UPLOAD_BYTES);
  if (body === null) {
    return answer(413, { error: `The file is larger than ${MIB} MiB.` });
  }
  let form: FormData;
  try {
    const contentType = request.headers.get("content-type") ?? "";
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return answer(400, { error: "Send the file as multipart/form-data in the field `file`." });
  }
  const parsed = ZUpload.safeParse({ file: form.get("file") });
  if (!parsed.success) {
    return answer(400, { error: parsed.error.issues[0]?.message ?? "Invalid upload." });
  }
  const file = parsed.data.file;
  let csv: string;
  try {
    csv = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return answer(400, { error: "The file is not UTF-8 text. Export the CSV as UTF-8 and upload it again." });
  }
  const created = await createBackfillRun(getDb(), { staffId: staff.id, fileName: file.name, csv });
  return created.ok ? answer(200, { id: created.runId }) : answer(400, { error: created.message });
}

function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) {
    // Browsers send Origin with every cross-site POST; without one this is not a browser form on another site.
    return true;
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
