import { sendInquiryReplyEmail } from "../support/reply-email";
import { defineJob, ZIdPayload } from "./define";
import { JOB } from "./names";

/** The email telling a customer that support replied (queued with the reply, lib/support/inquiries.ts). */
export const inquiryReplyEmailJob = defineJob({
  name: JOB.inquiryReplyEmail,
  payload: ZIdPayload,
  handler: async ({ id }, { sql, dispatch: { email, appUrl } }) => {
    await sendInquiryReplyEmail(sql, email, appUrl, id);
  },
});
