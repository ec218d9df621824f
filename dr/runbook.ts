/**
 * The human steps the failover chain can wait for, each named by its step in the runbook and the anchor a
 * reader follows (docs/runbooks/failover.md marks each with an `<a id>`). The DR report names them where a
 * person must act; the `failover-target-servable` policy rule names the scale-up one.
 */
export interface HumanStep {
  /** The runbook step, e.g. "A4". */
  readonly step: string;
  readonly what: string;
  /** Where it is written: `docs/runbooks/<file>.md#<anchor>`. */
  readonly ref: string;
}

export const HUMAN_STEPS = {
  awsScaleUp: {
    step: "A3",
    what: "scale the secondary's node groups up",
    ref: "docs/runbooks/failover.md#step-a3-scale-up",
  },
  awsPromote: {
    step: "A4",
    what: "start the Region switch plan in ungraceful mode from Tokyo (or failover-global-cluster)",
    ref: "docs/runbooks/failover.md#step-a4-promote",
  },
  approvePromotion: {
    step: "A4",
    what: "approve the Region switch plan's promotion step (approve-plan-execution-step, in Tokyo)",
    ref: "docs/runbooks/failover.md#step-a4-promote",
  },
  gcpScaleUp: { step: "B3", what: "scale the GKE node pool up", ref: "docs/runbooks/failover.md#step-b3-scale-up" },
  gcpApprovePromotion: {
    step: "B4",
    what: "approve the promotion workflow (POST to the callback URL its ALERT log line gives)",
    ref: "docs/runbooks/failover.md#step-b4-promote",
  },
  gcpPromote: {
    step: "B4",
    what: "run the promotion workflow by hand (gcloud workflows run, mode manual)",
    ref: "docs/runbooks/failover.md#step-b4-promote",
  },
  pinTraffic: {
    step: "A5/B5",
    what: "invert the PRIMARY's override health check",
    ref: "docs/runbooks/failover.md#manual-override",
  },
  rebuild: {
    step: "restore",
    what: "restore the database and rebuild the site in the secondary region",
    ref: "docs/runbooks/teardown-restore.md",
  },
} as const satisfies Record<string, HumanStep>;

export const humanStepText = (s: HumanStep) => `human step ${s.step}, ${s.what} (${s.ref})`;
