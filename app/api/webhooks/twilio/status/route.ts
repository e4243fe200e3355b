import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { notifySettings } from "@/lib/env";
import { recordTwilioStatus, ZTwilioStatusCallback } from "@/lib/notifications/receipts";
import { signedTwilioFields } from "../signed-fields";

// POST /api/webhooks/twilio/status — Twilio's delivery reports for the SMS we sent.
export async function POST(request: Request): Promise<Response> {
  const fields = await signedTwilioFields(request, notifySettings());
  if (fields instanceof Response) {
    return fields;
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
