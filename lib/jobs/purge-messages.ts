import { DEFAULT_MESSAGE_RETENTION_DAYS, purgeOldMessages } from "../customers/retention";
import { defineJob, ZNoPayload } from "./define";
import { JOB } from "./names";

/** Daily: deletes message texts and the dev outbox's copies older than MESSAGE_RETENTION_DAYS. */
export const purgeMessagesJob = defineJob({
  name: JOB.purgeMessages,
  payload: ZNoPayload,
  schedule: { at: "30 3 * * *", fill: "1d", when: "retentionDays" },
  handler: async (_payload, { sql, retentionDays, log }) => {
    const days = retentionDays ?? DEFAULT_MESSAGE_RETENTION_DAYS;
    const result = await purgeOldMessages(sql, days);
    log(
      `retention: ${result.messageBodies} message text(s), ${result.accessMessages} sign-in message copies and ${result.deliveryReports} delivery report(s) older than ${days} days deleted`,
    );
  },
});
