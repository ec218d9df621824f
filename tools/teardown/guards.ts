import { Environment, PROFILES, ScheduleConfig } from "../../stack-config";
import { StateResource } from "./operations";

export type OpsCommand = "teardown" | "restore";

/** What the guards need to know about a stack, read from its stack file (see stack-facts.ts). */
export interface StackFacts {
  readonly stack: string;
  readonly environment: Environment;
  readonly teardownAllowed: boolean;
  /** The off-hours schedule, when the stack has one (holidays come from here). */
  readonly schedule?: ScheduleConfig;
  /** The stack file, relative to the project root, for messages. */
  readonly stackFile: string;
}

/** A guard said no. The message names the stack, every reason and its fix; nothing was changed. */
export class Refusal extends Error {}

const VERB: Record<OpsCommand, string> = { teardown: "tear down", restore: "restore" };

/**
 * The guards that depend on config alone, checked before anything touches the backend: every reason
 * is reported at once, as config problems are. Both commands refuse an environment whose profile
 * forbids teardown (prod: stack-config/profiles.ts `mayTeardown`); both need
 * `teardown.allowed`, because restore exists to bring back what teardown removed, and any other stack
 * is deployed (with review) by the deploy pipeline, not by a schedule.
 */
export function configRefusals(command: OpsCommand, facts: StackFacts): string[] {
  // An environment the table does not know is refused too: this guard fails closed.
  if (PROFILES[facts.environment]?.mayTeardown !== true) {
    // Checked apart from teardown.allowed (which validation already forbids there), so a production stack
    // file edited by hand, or a validation rule weakened later, still cannot reach destroy. The
    // teardown.allowed advice would be wrong here, so this is the one reason given.
    return [
      `its environment is ${facts.environment}, and ${command} never touches production (an outage is not a cost saving). ` +
        `Fix: none here; change ${facts.environment} through the reviewed deploy pipeline.`,
    ];
  }
  const reasons: string[] = [];
  if (!facts.teardownAllowed) {
    const why =
      command === "teardown"
        ? "only disposable stacks may be destroyed"
        : "restore only rebuilds stacks that teardown may remove; other stacks are deployed by the deploy pipeline";
    reasons.push(
      `\`teardown.allowed\` is not true in ${facts.stackFile} (${why}). ` +
        `Fix: if the stack really is disposable, set it in a reviewed change: ` +
        `pulumi config set --path teardown.allowed true -s ${facts.stack}`,
    );
  }
  return reasons;
}

/**
 * Protected resources make `pulumi destroy` fail part-way, after it has already deleted whatever did
 * not depend on them; refusing before the refresh leaves the stack exactly as it was.
 */
export function protectedRefusal(
  facts: StackFacts,
  resources: readonly StateResource[],
  excludeProtected: boolean,
): string | undefined {
  const held = resources.filter((r) => r.protect);
  if (held.length === 0 || excludeProtected) {
    return undefined;
  }
  const shown = held.slice(0, 5).map((r) => urnName(r.urn));
  const more = held.length > shown.length ? ` and ${held.length - shown.length} more` : "";
  return (
    `${held.length} resource${held.length === 1 ? " is" : "s are"} protected in its state (${shown.join(", ")}${more}), ` +
    `so pulumi destroy would stop at them. Fix: pass --exclude-protected to destroy everything else and keep ` +
    `them, or turn protection off for this stack (protection.protect false in ${facts.stackFile}) and run pulumi up first.`
  );
}

/** One refusal message: the stack and command first, then each reason with its fix. */
export function formatRefusal(command: OpsCommand, stack: string, reasons: readonly string[]): string {
  return [`Refusing to ${VERB[command]} stack "${stack}":`, ...reasons.map((r) => `  - ${r}`)].join("\n");
}

/** `type::name` from a URN (urn:pulumi:stack::project::parent$type::name), short enough to list. */
function urnName(urn: string): string {
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return parts.length >= 4 ? `${type}::${parts.slice(3).join("::")}` : urn;
}
