// The one door's single-event form, where most callers import it from: applyEvent(input) is
// applyEvents([input]) (lib/payouts/apply.ts); the rules live in lib/payouts/apply-rules.ts.
export { type ApplyOptions as ApplyEventOptions, applyEvent, applyEvents } from "./apply";
export {
  type ApplyEventInput,
  type ApplyEventResult,
  type EventSource,
  MAX_CLOCK_SKEW_MS,
  type NewPayout,
  newReference,
} from "./apply-rules";
