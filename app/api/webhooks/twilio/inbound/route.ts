import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { notifySettings } from "@/lib/env";
import { recordInboundSms, ZTwilioInbound } from "@/lib/notifications/receipts";
import { smsHelpText } from "@/lib/notifications/render-sms";
import { recordSmsSurveyReply, surveyThanksSms } from "@/lib/support/feedback";
import { signedTwilioFields } from "../signed-fields";

const TWIML = { "content-type": "text/xml; charset=utf-8" };

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );
}

// POST /api/webhooks/twilio/inbound — SMS customers send to our number: STOP, START, HELP.
export async function POST(request: Request): Promise<Response> {
  const settings = notifySettings();
  const fields = await signedTwilioFields(request, settings);
  if (fields instanceof Response) {
    return fields;
  }
  const message = ZTwilioInbound.safeParse(fields);
  if (!message.success) {
    return Response.json({ error: "invalid_message" }, { status: 400 });
  }
  const sql = poolSql(getPgPool());
  const { keyword, locale } = await recordInboundSms(sql, message.data);
  // A reply 1–5 to a survey SMS is its score.
  const score = keyword === "HELP" ? null : await recordSmsSurveyReply(sql, message.data.From, message.data.Body);
  // Twilio confirms STOP and START itself (its opt-out handling); we answer HELP and thank for a score.
  const reply =
    keyword === "HELP"
      ? `<Message>${escapeXml(smsHelpText(locale, settings.appUrl))}</Message>`
      : score !== null
        ? `<Message>${escapeXml(surveyThanksSms(locale))}</Message>`
        : "";
  return new Response(`<?xml version="1.0" encoding="UTF-8"?><Response>${reply}</Response>`, { headers: TWIML });
}
