import { offerSurveys } from "../support/feedback";
import { defineJob, ZNoPayload } from "./define";
import { JOB } from "./names";

/** Every 10 minutes: offers feedback surveys, each sent by a `feedback-email` job of its own. */
export const offerFeedbackJob = defineJob({
  name: JOB.offerFeedback,
  payload: ZNoPayload,
  schedule: { at: "*/10 * * * *", when: "learnEta" },
  handler: async (_payload, { sql, dispatch: { linkSecret }, helpers }) => {
    if (!linkSecret) {
      return; // survey links are signed with AUTH_SECRET
    }
    for (const id of await offerSurveys(sql, linkSecret)) {
      await helpers.addJob(JOB.feedbackEmail, { id }, { jobKey: `survey:${id}` });
    }
  },
});
