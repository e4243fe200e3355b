import { sweepDelays } from "../eta/sweeper";
import { defineJob, ZNoPayload } from "./define";
import { JOB } from "./names";

/** Every minute: flags overdue payouts delayed with a new ETA, and tells their customers. */
export const sweepDelaysJob = defineJob({
  name: JOB.sweepDelays,
  payload: ZNoPayload,
  schedule: { at: "* * * * *", when: "cron" },
  handler: async (_payload, { pool, log }) => {
    const result = await sweepDelays(pool, { log });
    if (result.delayed > 0) {
      log(`delay sweeper: ${result.delayed} payout(s) newly delayed (of ${result.checked} checked)`);
    }
  },
});
