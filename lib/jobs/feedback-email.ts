import { sendSurvey } from "../support/feedback";
import { defineJob, ZIdPayload } from "./define";
import { JOB } from "./names";

/** One feedback survey, by email or SMS (queued by `offer-feedback`). */
export const feedbackEmailJob = defineJob({
  name: JOB.feedbackEmail,
  payload: ZIdPayload,
  handler: async ({ id }, { sql, dispatch: { email, sms, appUrl, linkSecret } }) => {
    if (linkSecret) {
      await sendSurvey(sql, { email, sms }, appUrl, linkSecret, id);
    }
  },
});
