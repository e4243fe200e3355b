import { learnDurations } from "../eta/learn";
import { defineJob, ZNoPayload } from "./define";
import { JOB } from "./names";

/** Hourly: learns stage durations per (method, stage) from completed payouts (lib/eta/learn.ts). */
export const learnEtaJob = defineJob({
  name: JOB.learnEta,
  payload: ZNoPayload,
  schedule: { at: "0 * * * *", fill: "1h", when: "learnEta" },
  handler: async (_payload, { sql, log }) => {
    const result = await learnDurations(sql);
    log(`ETA learning: ${result.visits} stage visits of completed payouts, ${result.learned} (method, stage) pairs`);
  },
});
