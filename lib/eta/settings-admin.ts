import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import { prismaSql } from "../db/sql";
import { DEFAULT_OPS_HOURS, DEFAULT_QUANTILE, PAYOUT_METHODS, type PayoutMethod } from "./durations";
import { loadEtaModel } from "./model-cache";

const ZClock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 08:00.")
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The operations team's working hours and the quantile promised per method (/admin/eta). */
export const ZEtaSettings = z
  .object({
    opsTimeZone: z.string().max(64).refine(isTimeZone, "Not an IANA time zone such as Europe/Berlin."),
    opsDays: z.array(z.number().int().min(0).max(6)).min(1, "Choose at least one working day.").max(7),
    opsStart: ZClock,
    opsEnd: ZClock,
    quantiles: z.record(
      z.enum(PAYOUT_METHODS),
      z.number("Enter a share such as 0.9.").min(0.5, "Promise at least the median (0.5).").max(0.99, "At most 0.99."),
    ),
  })
  .refine((s) => s.opsEnd > s.opsStart, { message: "The working day must end after it starts.", path: ["opsEnd"] });
export type TEtaSettingsInput = z.input<typeof ZEtaSettings>;

export interface EtaSettingsView {
  opsTimeZone: string;
  opsDays: number[];
  opsStart: string;
  opsEnd: string;
  quantiles: Record<PayoutMethod, number>;
}

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export async function getEtaSettings(db: Db): Promise<EtaSettingsView> {
  const row = await db.etaSettings.findUnique({ where: { id: 1 } });
  const stored = (row?.quantiles ?? {}) as Record<string, unknown>;
  const quantiles = {} as Record<PayoutMethod, number>;
  for (const method of PAYOUT_METHODS) {
    const v = stored[method];
    quantiles[method] = typeof v === "number" ? v : DEFAULT_QUANTILE;
  }
  return {
    opsTimeZone: row?.opsTimeZone ?? DEFAULT_OPS_HOURS.zone,
    opsDays: row?.opsDays ?? [...DEFAULT_OPS_HOURS.days],
    opsStart: clock(row?.opsStartMinute ?? DEFAULT_OPS_HOURS.startMinute),
    opsEnd: clock(row?.opsEndMinute ?? DEFAULT_OPS_HOURS.endMinute),
    quantiles,
  };
}

/** An admin saves the settings; audited; this process uses them at once, others within a minute. */
export async function saveEtaSettings(db: Db, staffId: string, input: z.output<typeof ZEtaSettings>) {
  await db.$transaction(async (tx) => {
    const before = await tx.etaSettings.findUnique({ where: { id: 1 } });
    const data = {
      opsTimeZone: input.opsTimeZone,
      opsDays: [...new Set(input.opsDays)].sort(),
      opsStartMinute: input.opsStart,
      opsEndMinute: input.opsEnd,
      quantiles: input.quantiles,
    };
    await tx.etaSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    await recordAudit(tx, {
      staffId,
      action: "ETA_SETTINGS_SET",
      target: "eta settings",
      before: before
        ? {
            opsTimeZone: before.opsTimeZone,
            opsDays: before.opsDays,
            opsStartMinute: before.opsStartMinute,
            opsEndMinute: before.opsEndMinute,
            quantiles: before.quantiles,
          }
        : {},
      after: data,
    });
    await loadEtaModel(prismaSql(tx));
  });
  return { ok: true as const };
}
