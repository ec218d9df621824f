import { z } from "zod";
import { WEEKDAYS } from "../lib/clock";

/**
 * How the stack is operated, as part of the stack config's schema (schema.ts): the off-hours schedule and the
 * resilience drills. Pulumi.yaml's `config:` block and docs/config.md are generated from it.
 */

/** What an off-hours schedule can switch off; each target exists only where the stack has the resource. */
export const SCHEDULE_TARGETS = ["nodeGroups", "database", "gkeNodePool", "cloudSql"] as const;

/** Working hours in a time zone; outside them, the targets are scaled to zero or stopped. */
export const scheduleSchema = z
  .object({
    timeZone: z.string().default("Asia/Seoul").describe("IANA time zone the hours and holidays are in"),
    start: z.string().default("08:00").describe('wall-clock "HH:MM" at which the targets come back'),
    stop: z.string().default("20:00").describe('wall-clock "HH:MM" at which the targets are switched off'),
    workingDays: z
      .array(z.enum(WEEKDAYS))
      .default(["MON", "TUE", "WED", "THU", "FRI"])
      .describe("days on which the targets come back; every other day they stay off"),
    holidays: z
      .array(z.string())
      .default([])
      .describe('ISO dates ("2026-12-25") kept off all day even when their weekday is a working day'),
    targets: z
      .array(z.enum(SCHEDULE_TARGETS))
      .default(["nodeGroups", "gkeNodePool"])
      .describe(
        "what to switch off; a database in a global cluster or feeding a DMS job, or on a stack the nightly teardown destroys, cannot be a target",
      ),
  })
  .strict();

/** The drills of the notes' test list (issue: resilience). */
export const resilienceSchema = z
  .object({
    experiments: z
      .boolean()
      .default(false)
      .describe("AWS FIS experiment templates (AZ power interruption, node loss, pod stress, region isolation)"),
    disruptionMinutes: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(30)
      .describe("minutes an AZ or region disruption lasts before FIS restores it, at most the environment's limit"),
    // Groups are one per AZ and small: a share of one or two instances below 50 may round to none.
    nodeLossPercent: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(50)
      .describe("percentage of a node group's instances the node-loss experiment terminates"),
    loadTests: z
      .boolean()
      .default(false)
      .describe('a suspended HTTP load Job and a zero-replica "inflate" Deployment in each cluster'),
    controlPlaneProbe: z
      .boolean()
      .default(false)
      .describe("the in-cluster Kubernetes API probe, with its metric and alarm"),
  })
  .strict();
