/**
 * How far a run may go:
 * - `preview`: previews only, changes nothing (the default, and all a non-interactive run without
 *   `--yes` ever does, so a forgotten flag in a script or a cron cannot destroy anything);
 * - `confirm`: previews, then asks on the terminal, and goes on only if the stack's name is typed back;
 * - `apply`: goes straight through (`--yes`; what the scheduled workflow passes).
 */
export type RunMode = "preview" | "confirm" | "apply";

export interface ModeFlags {
  readonly yes: boolean;
  readonly dryRun: boolean;
  /** Both stdin and stdout are terminals, so there is someone to ask. */
  readonly interactive: boolean;
}

/** Resolves the flags; `--yes` with `--dry-run` is a contradiction the caller reports as usage. */
export function resolveMode(flags: ModeFlags): RunMode {
  if (flags.yes && flags.dryRun) {
    throw new Error("--yes and --dry-run contradict each other; pass one");
  }
  if (flags.yes) {
    return "apply";
  }
  return flags.interactive && !flags.dryRun ? "confirm" : "preview";
}
