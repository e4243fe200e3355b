import { checkAlerts } from "../support/alerts";
import { defineJob, ZNoPayload } from "./define";
import { JOB } from "./names";

/** Every 5 minutes: raises (and emails) the alert conditions that hold (lib/support/alerts.ts). */
export const checkAlertsJob = defineJob({
  name: JOB.checkAlerts,
  payload: ZNoPayload,
  schedule: { at: "*/5 * * * *", when: "learnEta" },
  handler: async (_payload, { sql, dispatch: { email, appUrl }, log }) => {
    const raised = await checkAlerts(sql, email, { appUrl });
    if (raised.length > 0) {
      log(`alerts: ${raised.join("; ")}`);
    }
  },
});
