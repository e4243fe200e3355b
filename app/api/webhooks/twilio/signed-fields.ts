import type { notifySettings } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { formFields, publicUrl, verifyTwilioRequest } from "@/lib/notifications/twilio-webhook";

/**
 * The form fields of a Twilio webhook (status callback or inbound SMS), or the answer that
 * refuses it: 413 for a body over 64 KiB, 403 for a missing or wrong X-Twilio-Signature
 * (forged, or meant for another account: it changes nothing).
 */
export async function signedTwilioFields(
  request: Request,
  settings: ReturnType<typeof notifySettings>,
): Promise<Record<string, string> | Response> {
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
    return Response.json({ error: "forbidden", message: "Invalid X-Twilio-Signature." }, { status: 403 });
  }
  return fields;
}
