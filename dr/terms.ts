import { DR_CONSTANTS } from "./constants";
import { formatDuration } from "./duration";
import { HumanStep } from "./runbook";

/** One term of an objective: what it is, how long, and where the figure comes from. */
export interface Term {
  readonly label: string;
  readonly seconds: number;
  /** True when the figure is typical rather than a bound ("~" in the report). */
  readonly approximate: boolean;
  /** How the figure was obtained from the graph, e.g. "10s x 3". */
  readonly detail?: string;
  readonly source: string;
  /** A person's step: 0 s in the sum, and the moment after it a lower bound (their reaction is on top). */
  readonly human?: boolean;
}

export interface Objective {
  readonly seconds: number;
  readonly terms: readonly Term[];
}

export const sum = (terms: readonly Term[]) => terms.reduce((total, t) => total + t.seconds, 0);
export const objective = (terms: readonly Term[]): Objective => ({ seconds: sum(terms), terms });

export const constant = (key: keyof typeof DR_CONSTANTS, label: string, approximate: boolean): Term => ({
  label,
  seconds: DR_CONSTANTS[key].seconds,
  approximate,
  source: DR_CONSTANTS[key].source,
});

/** A human step as a term: it takes no modelled time, and what follows it waits for a person. */
export const humanTerm = (step: HumanStep, from: string): Term => ({
  label: `human step ${step.step}`,
  seconds: 0,
  approximate: false,
  detail: `${step.what}, from ${from}`,
  source: `${step.ref}: a person acts; their reaction time is not in the plan, so every figure after it is a lower bound`,
  human: true,
});

/** A term as the report prints it: "health check 30s (10s x 3)", "DB promotion ~60s", "human step A4". */
export const termText = (t: Term) =>
  t.human
    ? t.label
    : `${t.label} ${t.approximate ? "~" : ""}${formatDuration(t.seconds)}${t.detail !== undefined ? ` (${t.detail})` : ""}`;
