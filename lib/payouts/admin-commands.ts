import { z } from "zod";
import { type AuditAction, payoutSnapshot, recordAudit } from "../audit/log";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { delayedEstimate } from "../eta/estimate";
import { refreshEtaModel } from "../eta/model-cache";
import { ZUtcMinute } from "../format/utc-minute";
import { type ApplyEventInput, applyEvent } from "./apply-event";
import { REASON_CODES, STAGES, takesReason } from "./stages";

// Admin commands: validated input → the one door (applyEvent). The form renders a fresh event id,
// so a double-submitted form is a duplicate, not a second change.
const ZEventId = z.string().regex(/^admin_[A-Za-z0-9-]{8,64}$/, "Invalid form token; reload the page.");
const ZReference = z.string().trim().min(1).max(40);

export const ZMoveStage = z
  .object({
    eventId: ZEventId,
    reference: ZReference,
    stage: z.enum(STAGES),
    reasonCode: z.enum(REASON_CODES).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((input) => !takesReason(input.stage) || input.reasonCode !== undefined, {
    path: ["reasonCode"],
    message: "Choose a reason: the customer sees it with what to do.",
  });
export type TMoveStage = z.infer<typeof ZMoveStage>;

export const ZSetDelay = z.object({
  eventId: ZEventId,
  reference: ZReference,
  delayed: z.boolean(),
  reasonCode: z.enum(REASON_CODES).optional(),
  /** the new ETA the delay brings; empty = computed (lib/eta/estimate.ts delayedEstimate) */
  eta: z.preprocess((v) => (v === "" ? undefined : v), ZUtcMinute().optional()),
});
export type TSetDelay = z.infer<typeof ZSetDelay>;

export type CommandResult = { ok: true; result: "applied" | "duplicate" | "stale" } | { ok: false; message: string };

/** What an admin's form changes: the event's fields beyond who, when and which payout. */
type AdminChange = Omit<ApplyEventInput, "eventId" | "occurredAt" | "source" | "payout">;

/**
 * An admin's change through the one door (the form's event id, the admin as its source, the
 * payout by reference) and its audit entry (who, when, before, after), in one transaction.
 */
function applyAudited(
  form: { eventId: string; reference: string },
  staffId: string,
  now: Date,
  action: AuditAction,
  change: AdminChange,
): Promise<CommandResult> {
  const { reference } = form;
  return getDb().$transaction(
    async (tx) => {
      const before = await payoutSnapshot(tx, reference);
      const result = await applyEvent(
        {
          eventId: form.eventId,
          occurredAt: now,
          source: { kind: "ADMIN", staffId },
          payout: { reference },
          ...change,
        },
        { tx },
      );
      if (!result.ok) {
        return { ok: false, message: result.message };
      }
      if (result.result === "applied" && before) {
        const after = (await payoutSnapshot(tx, reference)) ?? {};
        await recordAudit(tx, { staffId, action, target: reference, before, after });
      }
      return { ok: true, result: result.result };
    },
    { timeout: 15_000 },
  );
}

/**
 * An admin moves a payout's stage. The door answers a form submitted twice as a duplicate;
 * a move to the stage it already has is refused under the payout's lock (not on an older read).
 */
export async function moveStage(input: TMoveStage, staffId: string, now = new Date()): Promise<CommandResult> {
  return applyAudited(input, staffId, now, "STAGE_MOVED", {
    stage: input.stage,
    reasonCode: input.reasonCode,
    note: input.note || undefined,
    onlyIf: { test: (payout) => payout.stage !== input.stage, message: `The payout is already ${input.stage}.` },
  });
}

/**
 * An admin marks a payout delayed (with the reason customers see) or clears the flag. A delay
 * always brings a new ETA: the admin's, or one computed from the time the stage has taken.
 */
export async function setDelay(input: TSetDelay, staffId: string, now = new Date()): Promise<CommandResult> {
  if (input.delayed && !input.reasonCode) {
    return { ok: false, message: "Choose a delay reason: customers see it." };
  }
  if (input.eta && input.eta.getTime() <= now.getTime()) {
    return { ok: false, message: "The new ETA must lie in the future." };
  }
  let eta: Date | undefined;
  if (input.delayed) {
    const payout = await getDb().payout.findUnique({
      where: { reference: input.reference },
      select: { method: true, stage: true, stageEnteredAt: true, etaAt: true },
    });
    if (payout?.etaAt) {
      const model = await refreshEtaModel(poolSql(getPgPool()));
      eta = input.eta ?? delayedEstimate({ ...payout, etaAt: payout.etaAt }, now, model) ?? undefined;
    }
  }
  return applyAudited(input, staffId, now, input.delayed ? "DELAY_SET" : "DELAY_CLEARED", {
    delay: input.delayed && input.reasonCode ? { reasonCode: input.reasonCode } : null,
    ...(eta && { eta, etaReason: input.reasonCode }),
  });
}

export const ZOverrideEta = z.object({
  eventId: ZEventId,
  reference: ZReference,
  eta: ZUtcMinute(),
  reasonCode: z.enum(REASON_CODES, { message: "Choose the reason customers see for the new estimate." }),
});
export type TOverrideEta = z.input<typeof ZOverrideEta>;

/** An admin sets a payout's ETA by hand; the customer sees it with the reason next to the original. */
export async function overrideEta(
  input: z.output<typeof ZOverrideEta>,
  staffId: string,
  now = new Date(),
): Promise<CommandResult> {
  if (input.eta.getTime() <= now.getTime()) {
    return { ok: false, message: "The new ETA must lie in the future." };
  }
  // The door answers a payout that does not exist; the ETA is tested under the payout's lock.
  return applyAudited(input, staffId, now, "ETA_OVERRIDDEN", {
    eta: input.eta,
    etaReason: input.reasonCode,
    onlyIf: {
      test: (payout) => payout.etaAt !== null,
      message: "This payout is paused or closed: it has no ETA to override.",
    },
  });
}
