import { getTranslations } from "next-intl/server";
import type { Stage } from "@/lib/payouts/stages";

const TONE: Record<Stage, string> = {
  REQUESTED: "bg-slate-100 text-slate-800 ring-slate-300",
  VERIFYING: "bg-blue-50 text-blue-800 ring-blue-200",
  UNDER_REVIEW: "bg-blue-50 text-blue-800 ring-blue-200",
  APPROVED: "bg-blue-50 text-blue-800 ring-blue-200",
  PROCESSING: "bg-blue-50 text-blue-800 ring-blue-200",
  SENT: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  COMPLETED: "bg-green-50 text-green-800 ring-green-200",
  ACTION_REQUIRED: "bg-amber-50 text-amber-900 ring-amber-300",
  ON_HOLD: "bg-amber-50 text-amber-900 ring-amber-300",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
  RETURNED: "bg-red-50 text-red-800 ring-red-200",
  CANCELED: "bg-slate-100 text-slate-700 ring-slate-300",
};

export async function StageChip({ stage }: { stage: Stage }) {
  const t = await getTranslations("stages");
  return (
    <span
      data-testid="stage-chip"
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset ${TONE[stage]}`}
    >
      {t(`${stage}.label`)}
    </span>
  );
}

export async function DelayedBadge() {
  const t = await getTranslations("payouts");
  return (
    <span
      data-testid="delayed-badge"
      className="inline-flex items-center rounded-full bg-orange-100 px-2.5 py-0.5 text-sm font-medium text-orange-900 ring-1 ring-inset ring-orange-300"
    >
      {t("delayed")}
    </span>
  );
}
