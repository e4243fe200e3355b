import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { notifySettings } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { recordTwilioStatus, ZTwilioStatusCallback } from "@/lib/notifications/receipts";
import { formFields, publicUrl, verifyTwilioRequest } from "@/lib/notifications/twilio-webhook";

// POST /api/webhooks/twilio/status — Twilio's delivery reports for the SMS we sent.
export async function POST(request: Request): Promise<Response> {
  const settings = notifySettings();
  const raw = await readLimited(request, 64 * 1024);
  if (raw === null) {
    return Response.json({ error: "too_large" }, { status: 413 });
  }
  const fields = formFields(raw);
  const signed = verifyTwilioRequest(
    settings.twilio?.authToken ?? null,
    request.headers.get("x-twilio-signature"),
    publicUrl(request.url, settings.appUrl),
    fields,
  );
  if (!signed) {
    // Forged, or meant for another account: changes nothing.
    return Response.json({ error: "forbidden", message: "Invalid X-Twilio-Signature." }, { status: 403 });
  }
  const report = ZTwilioStatusCallback.safeParse(fields);
  if (!report.success) {
    return Response.json(
      {
        error: "invalid_callback",
        issues: report.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
      { status: 400 },
    );
  }
  await recordTwilioStatus(poolSql(getPgPool()), report.data, fields);
  return new Response(null, { status: 204 });
}
