import * as pulumi from "@pulumi/pulumi";

/** The account every offline ARN uses; a documentation-reserved value, never a real account. */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/**
 * Zones the offline engine reports per region. Seoul really has four (a to d) and Tokyo three usable
 * ones (a, c, d: ap-northeast-1b is closed to new accounts), so AZ selection is exercised as in the cloud.
 */
const AWS_ZONES: Record<string, string[]> = {
  "ap-northeast-1": ["a", "c", "d"],
  "ap-northeast-2": ["a", "b", "c", "d"],
  "us-east-1": ["a", "b", "c", "d", "e", "f"],
};

type Inputs = Record<string, any>;

/** Parses "<urn>::<id>" into the provider's package and logical name. */
function parseProviderRef(ref: string): { pkg: string; name: string } | undefined {
  const parts = ref.split("::");
  if (parts.length < 5) {
    return undefined;
  }
  const type = parts[2].split("$").pop() ?? "";
  return { pkg: type.replace("pulumi:providers:", ""), name: parts[3] };
}

/**
 * Mocks for the offline plan: providers and invokes answer as the cloud would for this program, and an
 * invoke nobody taught the mocks is an error (never a silent echo), as is one made without an explicit
 * provider. Resources echo their inputs plus the computed outputs the program reads (ids, ARNs, names).
 */
export class OfflineMocks implements pulumi.runtime.Mocks {
  private readonly providerRegions = new Map<string, string>();

  public regionOf(providerRef: string): string | undefined {
    const p = parseProviderRef(providerRef);
    return p ? this.providerRegions.get(`${p.pkg}/${p.name}`) : undefined;
  }

  public call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    if (!args.provider) {
      throw new Error(
        `invoke ${args.token} used the default provider; pass { parent } or { provider } so it is explicit`,
      );
    }
    const region = this.regionOf(args.provider) ?? "unknown";
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        const letters = AWS_ZONES[region] ?? ["a", "b", "c"];
        return {
          id: region,
          names: letters.map((l) => `${region}${l}`),
          zoneIds: letters.map((_, i) => `${region.replace(/-/g, "").slice(0, 6)}-az${i + 1}`),
          groupNames: [region],
          region,
        };
      }
      case "aws:index/getRegion:getRegion":
        return { id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: OFFLINE_ACCOUNT_ID,
          accountId: OFFLINE_ACCOUNT_ID,
          arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/offline`,
          userId: "AROAOFFLINE",
        };
      case "aws:index/getPartition:getPartition":
        return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
      default:
        throw new Error(
          `offline mocks have no answer for invoke ${args.token}; teach tools/offline/mocks.ts what the cloud returns`,
        );
    }
  }

  public newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    if (args.type.startsWith("pulumi:providers:")) {
      this.providerRegions.set(
        `${args.type.replace("pulumi:providers:", "")}/${args.name}`,
        String(args.inputs.region ?? ""),
      );
      return { id: `${args.name}-id`, state: args.inputs };
    }
    if (!args.custom) {
      return { id: undefined, state: {} };
    }
    const region = String(args.inputs.region ?? this.regionOf(args.provider ?? "") ?? "unknown");
    const id = `${args.name}-id`;
    return { id, state: { ...args.inputs, ...computedOutputs(args.type, args.name, id, region, args.inputs) } };
  }
}

/** Outputs the cloud computes that the program reads: ARNs, generated names, addresses. */
function computedOutputs(type: string, name: string, id: string, region: string, inputs: Inputs): Inputs {
  const [pkg, module] = type.split(":");
  if (pkg === "aws") {
    const service = module.split("/")[0];
    const global = ["iam", "route53", "cloudfront"].includes(service);
    const arn = `arn:aws:${service}:${global ? "" : region}:${OFFLINE_ACCOUNT_ID}:${type.split(":").pop()!.toLowerCase()}/${name}`;
    return { arn, name: inputs.name ?? name, region: global ? undefined : region };
  }
  if (pkg === "gcp") {
    const project = inputs.project ?? "offline-project";
    return {
      name: inputs.name ?? name,
      project,
      selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/${module}/${inputs.name ?? name}`,
      id: `projects/${project}/regions/${region}/${module}/${id}`,
    };
  }
  return {};
}
