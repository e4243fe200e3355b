import { z } from "zod";
import { applyEvent } from "./apply-event";
import { REASON_CODES, STAGES } from "./stages";

// Admin commands: validated input → applyEvent. The form renders a fresh event id,
// so a double-submitted form is a duplicate, not a second change.
const ZEventId = z.string().regex(/^admin_[A-Za-z0-9-]{8,64}$/, "Invalid form token; reload the page.");
const ZReference = z.string().trim().min(1).max(40);

export const ZMoveStage = z.object({
  eventId: ZEventId,
  reference: ZReference,
  stage: z.enum(STAGES),
  reasonCode: z.enum(REASON_CODES).optional(),
  note: z.string().trim().max(500).optional(),
});
export type TMoveStage = z.infer<typeof ZMoveStage>;

export const ZSetDelay = z.object({
  eventId: ZEventId,
  reference: ZReference,
  delayed: z.boolean(),
  reasonCode: z.enum(REASON_CODES).optional(),
});
export type TSetDelay = z.infer<typeof ZSetDelay>;

export type CommandResult = { ok: true; result: "applied" | "duplicate" | "stale" } | { ok: false; message: string };

export async function moveStage(input: TMoveStage, staffId: string, now = new Date()): Promise<CommandResult> {
  const result = await applyEvent({
    eventId: input.eventId,
    occurredAt: now,
    source: { kind: "ADMIN", staffId },
    payout: { reference: input.reference },
    stage: input.stage,
    reasonCode: input.reasonCode ?? null,
    note: input.note || null,
  });
  return result.ok ? { ok: true, result: result.result } : { ok: false, message: result.message };
}

export async function setDelay(input: TSetDelay, staffId: string, now = new Date()): Promise<CommandResult> {
  if (input.delayed && !input.reasonCode) {
    return { ok: false, message: "Choose a delay reason: customers see it." };
  }
  const result = await applyEvent({
    eventId: input.eventId,
    occurredAt: now,
    source: { kind: "ADMIN", staffId },
    payout: { reference: input.reference },
    delay: input.delayed && input.reasonCode ? { reasonCode: input.reasonCode } : null,
  });
  return result.ok ? { ok: true, result: result.result } : { ok: false, message: result.message };
}
