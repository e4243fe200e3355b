import type { Metrics, Summary } from "./metrics";

// The evaluation's printed answer: a table per method, the goals, and one last line that
// scripts can grep (its format is fixed by issue #13).

/** The goals of issue #13, point 7. */
export const GOALS = { onTime: 0.9, medianSlackHours: 24, night: 0, past: 0 } as const;

const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)} %`);
const hours = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(1)} h`);

const COLUMNS: [string, number, (m: Metrics) => string][] = [
  ["payouts", 8, (m) => String(m.payouts)],
  ["done", 6, (m) => String(m.completed)],
  ["on-time", 9, (m) => pct(m.onTime)],
  ["no pause", 9, (m) => pct(m.onTimeUnpaused)],
  ["slack p50", 10, (m) => hours(m.medianSlackHours)],
  ["slack p10", 10, (m) => hours(m.p10SlackHours)],
  ["revised", 9, (m) => pct(m.revised)],
  ["later", 9, (m) => pct(m.revisedLater)],
  ["broken", 9, (m) => pct(m.broken)],
  ["night", 6, (m) => String(m.night)],
  ["past", 5, (m) => String(m.past)],
  ["no promise", 11, (m) => String(m.firstNotPromise)],
  [">1 ETA msg/day", 15, (m) => String(m.etaMessagesOverOnePerDay)],
];

/** The per-method table, then the overall row. */
export function formatTable(summary: Summary): string[] {
  const row = (name: string, m: Metrics) =>
    `${name.padEnd(16)}${COLUMNS.map(([, width, cell]) => cell(m).padStart(width)).join("")}`;
  return [
    `${"method".padEnd(16)}${COLUMNS.map(([title, width]) => title.padStart(width)).join("")}`,
    ...summary.perMethod.map(({ method, metrics }) => row(method, metrics)),
    row("overall", summary.overall),
  ];
}

/** Each goal, met or missed. */
export function formatGoals(overall: Metrics): string {
  const mark = (met: boolean) => (met ? "met" : "missed");
  return [
    `on-time ≥ 90 %: ${mark((overall.onTime ?? 0) >= GOALS.onTime)}`,
    `median slack ≤ 1 working day (${GOALS.medianSlackHours} h of the rail's banking days): ${mark(
      overall.medianSlackHours !== null && overall.medianSlackHours <= GOALS.medianSlackHours,
    )}`,
    `night 0: ${mark(overall.night === GOALS.night)}`,
    `past 0: ${mark(overall.past === GOALS.past)}`,
  ].join(" · ");
}

/** The last line, exactly: `eta:eval on-time N.N % · median slack N.N working h · revised N.N % · night N · past N`. */
export function lastLine(overall: Metrics): string {
  const one = (value: number | null, scale = 1) => (value === null ? "n/a" : (value * scale).toFixed(1));
  return `eta:eval on-time ${one(overall.onTime, 100)} % · median slack ${one(overall.medianSlackHours)} working h · revised ${one(overall.revised, 100)} % · night ${overall.night} · past ${overall.past}`;
}
