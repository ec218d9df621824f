import { planAwsSubnets } from "../../components/network/subnet-plan";
import { computeObjectives, DrTargets, formatCompact, formatObjectives, formatSummary } from "../../dr";
import { configKeyTable, profileTable } from "../../stack-config/reference";
import { cloudResources, sites } from "../offline/graph";
import { formatMermaid } from "../offline/mermaid";
import { ConfigProblemsError } from "../offline/stack-files";
import { loadTypedConfig } from "../offline/typed-config";
import { ruleTable } from "../policy/rule-table";
import { formatOptions } from "../dr-options/format";
import { optionRows } from "../dr-options/options";
import { COST_BLOCKS } from "./cost-blocks";
import {
  BlockGenerator,
  CONFIG_MISTAKES,
  PROD,
  PROD_ON_GCP,
  secondaryOf,
  Sources,
  table,
  targetsText,
  VARIANTS,
} from "./sources";

export type { BlockGenerator };
export { Sources };

/**
 * The generated blocks of the Markdown docs (`<!-- generated:NAME -->`): what each is computed from. The
 * command that rewrites and checks them is tools/docs.ts.
 */

/**
 * Every block the docs may hold, by name. Each is computed by the code that owns the figure: the renderer
 * (tools/offline), the DR model (dr/), the cost model (cost-model/), the diagram (tools/offline/mermaid.ts),
 * the policy pack (tools/policy/rule-table.ts) and the subnet plan (components/network/subnet-plan.ts).
 */
export const GENERATED_BLOCKS: Readonly<Record<string, BlockGenerator>> = {
  "stack-matrix": {
    description: "per shipped stack (and prod on GCP): sites, DR mode, targets and resource count, from the renders",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const config = s.config(v);
        const primary = sites(graph).find((site) => site.role === "primary");
        const nats = (primary?.resources ?? []).filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length;
        rows.push([
          v.label,
          `AWS ${config.primary.region}, ${config.primary.azCount} AZs`,
          `${nats} (${config.primary.natGateways === "single" ? "single" : "one per AZ"})`,
          secondaryOf(graph),
          `\`${config.drMode}\``,
          targetsText(config.drTargets),
          String(cloudResources(graph).length),
        ]);
      }
      return table(
        ["stack", "primary", "NAT gateways", "secondary", "DR mode", "DR targets", "resources in the offline plan"],
        rows,
      );
    },
  },
  "dr-objectives": {
    description: "the DR report `npm run plan` prints, per shipped stack and prod on GCP (dr/)",
    async produce(s) {
      const width = Math.max(...VARIANTS.map((v) => v.label.length)) + 2;
      const lines: string[] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const report = formatObjectives(computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined));
        const [first, ...notes] = report.split("\n");
        lines.push(`${v.label.padEnd(width)}${first}`, ...notes.map((n) => `${" ".repeat(width)}${n}`));
      }
      return ["```text", ...lines, "```"].join("\n");
    },
  },
  "dr-verdicts": {
    description: "each stack's DR summary and its scenarios' verdicts, one line each (the short form of dr-objectives)",
    async produce(s) {
      const width = Math.max(...VARIANTS.map((v) => v.label.length)) + 2;
      const lines: string[] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const report = computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined);
        lines.push(`${v.label.padEnd(width)}${formatSummary(report)}`, `${" ".repeat(width)}${formatCompact(report)}`);
        if (report.kind === "failover" && report.offHours !== undefined) {
          lines.push(`${" ".repeat(width)}${report.offHours}`);
        }
      }
      return ["```text", ...lines, "```"].join("\n");
    },
  },
  "dr-options-prod": {
    description: "prod under every DR mode and secondary cloud, as `npm run dr-options -- prod` prints it",
    async produce(s) {
      const config = s.config(PROD);
      const rows = await optionRows(
        { cloud: config.secondary.cloud, mode: config.drMode },
        (overrides) => loadTypedConfig(PROD.stack, overrides),
        (overrides) => s.graph({ label: `prod ${JSON.stringify(overrides)}`, stack: PROD.stack, overrides }),
        s.priceTable(),
      );
      // The table and what each option cannot survive, without the command's title line.
      return [
        "```text",
        ...formatOptions("prod", `${config.secondary.cloud} ${config.drMode}`, rows).split("\n").slice(2),
        "```",
      ].join("\n");
    },
  },
  "diagram-prod": {
    description: "the Mermaid diagram of prod (`npm run plan -- prod --mermaid FILE`)",
    async produce(s) {
      return ["```mermaid", formatMermaid(await s.graph(PROD)), "```"].join("\n");
    },
  },
  "diagram-prod-gcp": {
    description: "the Mermaid diagram of prod with the Google Cloud secondary",
    async produce(s) {
      return ["```mermaid", formatMermaid(await s.graph(PROD_ON_GCP)), "```"].join("\n");
    },
  },
  "policy-rules": {
    description: "the policy rules and their level per environment (tools/policy/rule-table.ts)",
    async produce() {
      return ruleTable();
    },
  },
  "config-error-example": {
    description: "what the config validation prints for two mistakes in prod's config (stack-config/)",
    async produce() {
      try {
        loadTypedConfig(PROD.stack, CONFIG_MISTAKES);
      } catch (err) {
        if (err instanceof ConfigProblemsError) {
          return ["```text", err.message, "```"].join("\n");
        }
        throw err;
      }
      throw new Error(`prod's config with ${JSON.stringify(CONFIG_MISTAKES)} was accepted: pick mistakes it refuses`);
    },
  },
  "config-keys": {
    description: "every key of the stack config with type, default and description (stack-config/reference.ts)",
    async produce() {
      return configKeyTable();
    },
  },
  "environment-profiles": {
    description: "what each environment requires and allows (stack-config/profiles.ts)",
    async produce() {
      return profileTable();
    },
  },
  "subnet-plan": {
    description: "prod's primary subnets per AZ (components/network/subnet-plan.ts)",
    async produce(s) {
      const { vpcCidr, azCount } = s.config(PROD).primary;
      const rows = planAwsSubnets(vpcCidr, azCount).map((az, i) => [
        String(i + 1),
        `\`${az.private}\``,
        `\`${az.public}\``,
        `\`${az.isolated}\``,
      ]);
      return [
        `prod's primary VPC \`${vpcCidr}\` across ${azCount} AZs:`,
        "",
        table(["AZ ordinal", "private (nodes and pods)", "public (load balancers, NAT)", "isolated (data)"], rows),
      ].join("\n");
    },
  },
  ...COST_BLOCKS,
};
