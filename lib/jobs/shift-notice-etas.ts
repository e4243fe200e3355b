import { applyNoticeShift } from "../notices/notices";
import { defineJob, ZIdPayload } from "./define";
import { JOB } from "./names";

/** An incident notice's ETA shift, queued by publishNotice to run when the notice starts. */
export const shiftNoticeEtasJob = defineJob({
  name: JOB.shiftNoticeEtas,
  payload: ZIdPayload,
  handler: async ({ id }, { pool, log }) => {
    const { shifted } = await applyNoticeShift(pool, id);
    log(`incident notice ${id}: ${shifted} ETA(s) shifted`);
  },
});
