import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as aws from "@pulumi/aws";
import {
  AURORA_POSTGRESQL_INSTANCE_CLASSES,
  AURORA_POSTGRESQL_VERSIONS,
  AWS_AZ_COUNTS,
  CLUSTER_AUTOSCALER_CHART,
  EC2_INSTANCE_TYPES,
  EKS_VERSIONS,
  eksVersion,
  formatProblem,
  formatProblems,
  LOAD_BALANCER_CONTROLLER_CHART,
  METROS,
  parseEngineConfig,
  parseStackConfig,
  Problem,
  PROFILES,
  profileOf,
  StackConfig,
} from "../../stack-config";
import * as catalogues from "../../stack-config/catalogues";
import { suggest } from "../../stack-config/did-you-mean";
import { GCP_REGIONS } from "../../stack-config/regions";
import { loadStackConfig } from "../../tools/offline/stack-files";
import { TESTS_DIR } from "../paths";

/**
 * Stack config validation without the Pulumi runtime: the raw object is what `config.ts` hands over
 * (namespace stripped, structured values parsed). Bad config is table-tested against the exact messages
 * a user sees, each naming the key path, quoting the value and giving a fix.
 */

const CONTEXT = { project: "dr-platform", stack: "prod" };
const REPO = path.resolve(TESTS_DIR, "..");

/** The `dr-platform:` keys of stacks/Pulumi.prod.yaml, namespace stripped. */
function validProd(): Record<string, any> {
  return {
    environment: "prod",
    drMode: "warm-standby",
    logRetentionDays: 90,
    primary: {
      region: "ap-northeast-2",
      azCount: 3,
      vpcCidr: "10.0.0.0/16",
      natGateways: "per-az",
      nodeGroups: {
        general: {
          instanceTypes: ["m6i.xlarge", "m5.xlarge"],
          capacityType: "ON_DEMAND",
          minSize: 2,
          desiredSize: 2,
          maxSize: 6,
        },
      },
    },
    secondary: {
      cloud: "aws",
      aws: {
        region: "ap-northeast-1",
        azCount: 3,
        vpcCidr: "10.1.0.0/16",
        natGateways: "per-az",
        nodeGroups: {
          general: {
            instanceTypes: ["m6i.large", "m5.large"],
            capacityType: "ON_DEMAND",
            minSize: 1,
            desiredSize: 1,
            maxSize: 12,
          },
        },
        database: { serverless: { minCapacity: 1, maxCapacity: 16 } },
      },
      gcp: {
        project: "dr-platform-prod",
        region: "asia-northeast1",
        vpcCidr: "10.2.0.0/16",
        nodePool: { machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 4 },
      },
    },
    eks: {
      version: "1.34",
      publicAccessCidrs: [],
      adminRoleArns: [],
      clusterAutoscalerChartVersion: "9.53.0",
      loadBalancerControllerChartVersion: "1.14.0",
    },
    workload: { minReplicas: 3, maxReplicas: 12 },
    database: {
      engineVersion: "16.6",
      instanceClass: "db.r6g.xlarge",
      instances: 2,
      backupRetentionDays: 14,
      rpoBoundSeconds: 60,
    },
    protection: { deletionProtection: true, protect: true },
    resilience: { experiments: true, disruptionMinutes: 30, loadTests: true, controlPlaneProbe: true },
    dns: { zoneName: "example.com", recordName: "app.example.com" },
    drTargets: { aws: { rtoSeconds: 240, rpoSeconds: 1 }, gcp: { rtoSeconds: 900, rpoSeconds: 60 } },
    tags: { owner: "platform-team", costCenter: "cc-platform-prod" },
    alarms: { email: "oncall@example.com" },
  };
}

/** Deletes the key at a dotted path (`a.b[0].c` as zod and the fixes write it) when given instead of a value. */
const DELETE = Symbol("delete");
type Edits = Record<string, unknown>;

function edited(edits: Edits): Record<string, any> {
  const raw = validProd();
  for (const [dotted, value] of Object.entries(edits)) {
    const keys = dotted.replace(/\[(\d+)\]/g, ".$1").split(".");
    const parent = keys.slice(0, -1).reduce((node, key) => node[key], raw);
    if (value === DELETE) {
      delete parent[keys[keys.length - 1]];
    } else {
      parent[keys[keys.length - 1]] = value;
    }
  }
  return raw;
}

function parseOk(raw: Record<string, unknown>): StackConfig {
  const result = parseStackConfig(raw, CONTEXT);
  assert.ok(result.ok, `expected no problems, got:\n${result.ok ? "" : formatProblems("prod", result.problems)}`);
  return result.config;
}

function problemsOf(raw: Record<string, unknown>): Problem[] {
  const result = parseStackConfig(raw, CONTEXT);
  assert.ok(!result.ok, "expected the config to be rejected");
  return result.problems;
}

/** A stack file's project keys, namespace stripped: what `config.ts` builds from the engine's config. */
function stackFileKeys(stack: string): Record<string, unknown> {
  const file = YAML.parse(fs.readFileSync(path.join(REPO, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
  return Object.fromEntries(
    Object.entries(file.config as Record<string, unknown>)
      .filter(([key]) => key.startsWith("dr-platform:"))
      .map(([key, value]) => [key.slice("dr-platform:".length), value]),
  );
}

describe("stack config: valid config", () => {
  it("mirrors stacks/Pulumi.prod.yaml (so the table below starts from the shipped prod config)", () => {
    assert.deepEqual(validProd(), stackFileKeys("prod"));
  });

  for (const stack of ["dev", "staging", "prod"]) {
    it(`accepts the shipped ${stack} stack file`, () => {
      const config = parseOk(stackFileKeys(stack));
      assert.equal(config.environment, stack);
    });
  }

  it("returns the typed prod config with the AWS secondary selected and defaults applied", () => {
    const config = parseOk(validProd());
    assert.deepEqual(config, {
      project: "dr-platform",
      stack: "prod",
      environment: "prod",
      drMode: "warm-standby",
      activeSite: "primary",
      primary: {
        region: "ap-northeast-2",
        azCount: 3,
        vpcCidr: "10.0.0.0/16",
        natGateways: "per-az",
        nodeGroups: {
          general: {
            instanceTypes: ["m6i.xlarge", "m5.xlarge"],
            capacityType: "ON_DEMAND",
            minSize: 2,
            desiredSize: 2,
            maxSize: 6,
            labels: {},
            taints: [],
          },
        },
      },
      secondary: {
        cloud: "aws",
        site: {
          region: "ap-northeast-1",
          azCount: 3,
          vpcCidr: "10.1.0.0/16",
          natGateways: "per-az",
          nodeGroups: {
            general: {
              instanceTypes: ["m6i.large", "m5.large"],
              capacityType: "ON_DEMAND",
              minSize: 1,
              desiredSize: 1,
              maxSize: 12,
              labels: {},
              taints: [],
            },
          },
          database: { serverless: { minCapacity: 1, maxCapacity: 16 } },
        },
      },
      dns: {
        zoneName: "example.com",
        recordName: "app.example.com",
        healthCheckPath: "/healthz/region",
        requestInterval: 10,
        failureThreshold: 3,
        quorumPercent: 50,
        ttl: 60,
      },
      drTargets: { rtoSeconds: 240, rpoSeconds: 1 },
      tags: { service: "dr-platform", owner: "platform-team", costCenter: "cc-platform-prod" },
      failover: { approvalTimeoutMinutes: 30, gcpApproval: "required", gcpApprovers: [] },
      logRetentionDays: 90,
      eks: {
        version: "1.34",
        publicAccessCidrs: [],
        adminRoleArns: [],
        clusterAutoscalerChartVersion: "9.53.0",
        loadBalancerControllerChartVersion: "1.14.0",
      },
      workload: {
        image:
          "ghcr.io/stefanprodan/podinfo:6.7.1@sha256:862ca45e61b32392f7941a1bdfdbe5ff8b6899070135f1bdca1c287d0057fc94",
        minReplicas: 3,
        maxReplicas: 12,
        targetCpuPercent: 70,
        publicPaths: ["/", "/version", "/api/info"],
      },
      database: {
        engineVersion: "16.6",
        instanceClass: "db.r6g.xlarge",
        instances: 2,
        backupRetentionDays: 14,
        rpoBoundSeconds: 60,
        applicationUser: "app",
        applicationDatabase: "app",
        backupCopyRegion: "ap-northeast-1",
      },
      protection: { deletionProtection: true, protect: true },
      teardown: { allowed: false },
      alarms: {
        email: "oncall@example.com",
        httpsEndpoints: [],
        alb5xxPercent: 5,
        targetResponseSeconds: 1,
        databaseCpuPercent: 80,
        databaseFreeableMemoryMiB: 256,
        replicaLagMs: 1000,
      },
      schedule: undefined,
      resilience: {
        experiments: true,
        disruptionMinutes: 30,
        nodeLossPercent: 50,
        loadTests: true,
        controlPlaneProbe: true,
      },
    });
  });

  it("selects the GCP site, project included, when secondary.cloud is gcp", () => {
    const config = parseOk(edited({ "secondary.cloud": "gcp" }));
    assert.deepEqual(config.secondary, {
      cloud: "gcp",
      site: {
        project: "dr-platform-prod",
        region: "asia-northeast1",
        vpcCidr: "10.2.0.0/16",
        nodePool: { machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 4 },
        releaseChannel: "REGULAR",
        masterCidr: "172.16.0.0/28",
        breakGlassCidrs: [],
        databaseTier: "db-custom-2-7680",
        vpn: { gcpAsn: 64514, awsAsn: 64512 },
      },
    });
  });

  it("applies the documented defaults when optional keys are left out", () => {
    const config = parseOk(
      edited({
        logRetentionDays: DELETE,
        "primary.natGateways": DELETE,
        "primary.nodeGroups": DELETE,
        "secondary.cloud": "gcp",
        "secondary.aws": DELETE,
        "secondary.gcp.nodePool": DELETE,
      }),
    );
    assert.equal(config.logRetentionDays, 90);
    assert.equal(config.primary.natGateways, "per-az");
    assert.deepEqual(config.primary.nodeGroups, {});
    assert.deepEqual(config.secondary.site, {
      project: "dr-platform-prod",
      region: "asia-northeast1",
      vpcCidr: "10.2.0.0/16",
      nodePool: { machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 3 },
      releaseChannel: "REGULAR",
      masterCidr: "172.16.0.0/28",
      breakGlassCidrs: [],
      databaseTier: "db-custom-2-7680",
      vpn: { gcpAsn: 64514, awsAsn: 64512 },
    });
  });

  it("accepts a record name at the zone apex and names written with the trailing dot", () => {
    parseOk(edited({ "dns.recordName": "example.com" }));
    parseOk(edited({ "dns.zoneName": "example.com.", "dns.recordName": "app.example.com." }));
  });

  it("accepts a single NAT gateway and two AZs outside prod", () => {
    const config = parseOk(
      edited({ environment: "dev", "primary.azCount": 2, "primary.natGateways": "single", "secondary.aws.azCount": 2 }),
    );
    assert.equal(config.primary.natGateways, "single");
  });

  it("returns a deeply frozen config that the caller cannot change", () => {
    const raw = validProd();
    const config = parseOk(raw);
    const unfrozen: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (value !== null && typeof value === "object") {
        if (!Object.isFrozen(value)) {
          unfrozen.push(at);
        }
        Object.entries(value).forEach(([key, child]) => walk(child, `${at}.${key}`));
      }
    };
    walk(config, "config");
    assert.deepEqual(unfrozen, []);
    assert.throws(() => {
      (config.primary as any).azCount = 6;
    }, TypeError);
    assert.throws(() => {
      (config.primary.nodeGroups.general.instanceTypes as string[]).push("t3.large");
    }, TypeError);
    assert.equal(config.primary.azCount, 3);
    assert.ok(!Object.isFrozen(raw.primary), "the caller's raw object is left alone");
  });
});

/** One bad-config case: the edits to the valid prod config and every problem it must produce, in order. */
interface Case {
  readonly name: string;
  readonly edits: Edits;
  readonly problems: string[];
}

const CASES: Case[] = [
  {
    name: "a malformed CIDR",
    edits: { "primary.vpcCidr": "10.0.0/16" },
    problems: [
      '`primary.vpcCidr`: got "10.0.0/16"; it is not an IPv4 CIDR block like 10.0.0.0/16. Fix: pulumi config set --path primary.vpcCidr 10.0.0.0/16',
    ],
  },
  {
    name: "a CIDR without a prefix, suggesting a block clear of the other sites",
    edits: { "secondary.gcp.vpcCidr": "10.2.0.0" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.2.0.0"; it is not an IPv4 CIDR block like 10.0.0.0/16. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
    ],
  },
  {
    name: "a CIDR with host bits set, suggesting the block it starts",
    edits: { "secondary.aws.vpcCidr": "10.1.0.5/16" },
    problems: [
      '`secondary.aws.vpcCidr`: got "10.1.0.5/16"; it has host bits set; the block starts at 10.1.0.0/16. Fix: pulumi config set --path secondary.aws.vpcCidr 10.1.0.0/16',
    ],
  },
  {
    name: "a CIDR with host bits set far from the other sites, keeping the block the user meant",
    edits: { "secondary.aws.vpcCidr": "10.50.7.0/16" },
    problems: [
      '`secondary.aws.vpcCidr`: got "10.50.7.0/16"; it has host bits set; the block starts at 10.50.0.0/16. Fix: pulumi config set --path secondary.aws.vpcCidr 10.50.0.0/16',
    ],
  },
  {
    name: "a GCP range too small, suggesting the /16 around it",
    edits: { "secondary.gcp.vpcCidr": "10.30.16.0/20" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.30.16.0/20"; the subnet plan needs a /14 to /18 block. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.30.0.0/16',
    ],
  },
  {
    name: "a VPC too small whose /16 is taken, suggesting the first free /16 instead",
    edits: { "primary.vpcCidr": "10.1.0.0/24" },
    problems: [
      '`primary.vpcCidr`: got "10.1.0.0/24"; the subnet plan needs a /16 to /20 block. Fix: pulumi config set --path primary.vpcCidr 10.0.0.0/16',
    ],
  },
  {
    name: "a CIDR with host bits whose block is taken, suggesting a free /16",
    edits: { "secondary.gcp.vpcCidr": "10.1.0.1/16" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.1.0.1/16"; it has host bits set; the block starts at 10.1.0.0/16. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
    ],
  },
  {
    name: "a prefix beyond /32",
    edits: { "primary.vpcCidr": "10.0.0.0/33" },
    problems: [
      '`primary.vpcCidr`: got "10.0.0.0/33"; it has prefix /33; an IPv4 prefix is /0 to /32. Fix: pulumi config set --path primary.vpcCidr 10.0.0.0/16',
    ],
  },
  {
    name: "an AWS VPC smaller than /20, suggesting the /16 around it",
    edits: { "primary.vpcCidr": "10.0.1.0/24" },
    problems: [
      '`primary.vpcCidr`: got "10.0.1.0/24"; the subnet plan needs a /16 to /20 block. Fix: pulumi config set --path primary.vpcCidr 10.0.0.0/16',
    ],
  },
  {
    name: "an AWS VPC larger than /16",
    edits: { "primary.vpcCidr": "10.0.0.0/8" },
    problems: [
      '`primary.vpcCidr`: got "10.0.0.0/8"; the subnet plan needs a /16 to /20 block. Fix: pulumi config set --path primary.vpcCidr 10.0.0.0/16',
    ],
  },
  {
    name: "a GCP range smaller than /18",
    edits: { "secondary.gcp.vpcCidr": "10.2.0.0/20" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.2.0.0/20"; the subnet plan needs a /14 to /18 block. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
    ],
  },
  {
    name: "secondary.aws.vpcCidr nested inside primary.vpcCidr",
    edits: { "secondary.aws.vpcCidr": "10.0.16.0/20" },
    problems: [
      '`secondary.aws.vpcCidr`: got "10.0.16.0/20", which overlaps `primary.vpcCidr` (10.0.0.0/16); the sites are joined by VPN and replication, so their ranges must be disjoint. Fix: pulumi config set --path secondary.aws.vpcCidr 10.1.0.0/16',
    ],
  },
  {
    name: "secondary.gcp.vpcCidr equal to primary.vpcCidr, suggesting the first free /16",
    edits: { "secondary.gcp.vpcCidr": "10.0.0.0/16" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.0.0.0/16", which overlaps `primary.vpcCidr` (10.0.0.0/16); the sites are joined by VPN and replication, so their ranges must be disjoint. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
    ],
  },
  {
    name: "a GCP /14 covering both AWS sites, reported once per overlap",
    edits: { "secondary.gcp.vpcCidr": "10.0.0.0/14" },
    problems: [
      '`secondary.gcp.vpcCidr`: got "10.0.0.0/14", which overlaps `primary.vpcCidr` (10.0.0.0/16); the sites are joined by VPN and replication, so their ranges must be disjoint. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
      '`secondary.gcp.vpcCidr`: got "10.0.0.0/14", which overlaps `secondary.aws.vpcCidr` (10.1.0.0/16); the sites are joined by VPN and replication, so their ranges must be disjoint. Fix: pulumi config set --path secondary.gcp.vpcCidr 10.2.0.0/16',
    ],
  },
  {
    name: "secondary.aws.region equal to primary.region",
    edits: { "secondary.aws.region": "ap-northeast-2" },
    problems: [
      '`secondary.aws.region`: got "ap-northeast-2", the same region as `primary.region`; a regional outage would take both sites. Fix: pulumi config set --path secondary.aws.region ap-northeast-1',
    ],
  },
  {
    name: "a break-glass network whose block has host bits set",
    edits: { "secondary.gcp.breakGlassCidrs": [{ name: "oncall", cidr: "10.99.0.1/24" }] },
    problems: [
      '`secondary.gcp.breakGlassCidrs[0].cidr`: got "10.99.0.1/24"; it has host bits set; the block starts at 10.99.0.0/24. Fix: pulumi config set --path secondary.gcp.breakGlassCidrs[0].cidr 10.99.0.0/24',
    ],
  },
  {
    name: "an application login that is PostgreSQL's own, and a database name psql would have to quote",
    edits: { "database.applicationUser": "postgres", "database.applicationDatabase": "My-DB" },
    problems: [
      '`database.applicationUser`: got "postgres"; reserved by PostgreSQL or Aurora (postgres, rdsadmin, template0/1, pg_*): give the application a name of its own. Fix: pulumi config set --path database.applicationUser <value>',
      '`database.applicationDatabase`: got "My-DB"; lower-case letters, digits and _, starting with a letter or _, at most 63. Fix: pulumi config set --path database.applicationDatabase <value>',
    ],
  },
  {
    name: "a Google Cloud approver that is not an IAM principal",
    edits: { failover: { gcpApprovers: ["oncall@example.com"] } },
    problems: [
      '`failover.gcpApprovers[0]`: got "oncall@example.com"; an IAM principal such as "group:oncall@example.com". Fix: pulumi config set --path failover.gcpApprovers[0] <value>',
    ],
  },
  {
    name: "database.backupCopyRegion equal to primary.region",
    edits: { "database.backupCopyRegion": "ap-northeast-2" },
    problems: [
      '`database.backupCopyRegion`: got "ap-northeast-2", the same region as `primary.region`; backup copies must survive the primary region. Fix: pulumi config set --path database.backupCopyRegion ap-northeast-1',
    ],
  },
  {
    name: "database.backupCopyRegion not an AWS region",
    edits: { "database.backupCopyRegion": "asia-northeast1" },
    problems: [
      '`database.backupCopyRegion`: got "asia-northeast1"; not a known AWS region (did you mean "ap-northeast-1"?). Fix: pulumi config set --path database.backupCopyRegion ap-northeast-1',
    ],
  },
  {
    name: "an unknown AWS region close to a known one",
    edits: { "primary.region": "ap-northeast-22" },
    problems: [
      '`primary.region`: got "ap-northeast-22"; not a known AWS region (did you mean "ap-northeast-2"?). Fix: pulumi config set --path primary.region ap-northeast-2',
    ],
  },
  {
    name: "an unknown AWS region like no known one",
    edits: { "secondary.aws.region": "moon-base-1" },
    problems: [
      '`secondary.aws.region`: got "moon-base-1"; not a known AWS region. Fix: pulumi config set --path secondary.aws.region ap-northeast-1',
    ],
  },
  {
    name: "an unknown GCP region close to a known one",
    edits: { "secondary.gcp.region": "asia-northeast9" },
    problems: [
      '`secondary.gcp.region`: got "asia-northeast9"; not a known Google Cloud region (did you mean "asia-northeast1"?). Fix: pulumi config set --path secondary.gcp.region asia-northeast1',
    ],
  },
  {
    name: "an unknown GCP region like no known one",
    edits: { "secondary.gcp.region": "tokyo" },
    problems: [
      '`secondary.gcp.region`: got "tokyo"; not a known Google Cloud region. Fix: pulumi config set --path secondary.gcp.region asia-northeast1',
    ],
  },
  {
    name: "azCount 1 in dev",
    edits: { environment: "dev", "primary.azCount": 1 },
    problems: [
      "`primary.azCount`: got 1; an EKS control plane needs subnets in at least 2 AZs. Fix: pulumi config set --path primary.azCount 2",
    ],
  },
  {
    name: "azCount 2 in prod",
    edits: { "primary.azCount": 2 },
    problems: [
      "`primary.azCount`: got 2; prod spreads every tier over at least 3 AZs (the EKS control plane and etcd span 3). Fix: pulumi config set --path primary.azCount 3",
    ],
  },
  {
    name: "azCount 7, above what the region offers",
    edits: { "primary.azCount": 7 },
    problems: [
      "`primary.azCount`: got 7; ap-northeast-2 offers new accounts 4 AZs (per the AZ catalogue as of 2026-12-03). Fix: pulumi config set --path primary.azCount 4",
    ],
  },
  {
    name: "azCount 5 in Seoul, which has 4 (the render used to crash on it)",
    edits: { "primary.azCount": 5 },
    problems: [
      "`primary.azCount`: got 5; ap-northeast-2 offers new accounts 4 AZs (per the AZ catalogue as of 2026-12-03). Fix: pulumi config set --path primary.azCount 4",
    ],
  },
  {
    name: "an AWS secondary with 4 AZs in Tokyo, which offers new accounts 3",
    edits: { "secondary.aws.azCount": 4 },
    problems: [
      "`secondary.aws.azCount`: got 4; ap-northeast-1 offers new accounts 3 AZs (per the AZ catalogue as of 2026-12-03). Fix: pulumi config set --path secondary.aws.azCount 3",
    ],
  },
  {
    name: "a prod primary in a region with fewer AZs than prod needs",
    edits: { "primary.region": "us-west-1" },
    problems: [
      "`primary.azCount`: got 3; us-west-1 offers new accounts 2 AZs (per the AZ catalogue as of 2026-12-03), fewer than the 3 prod needs. Fix: pulumi config set --path primary.region us-west-2, or another region with 3 AZs",
    ],
  },
  {
    name: "a single NAT gateway in prod",
    edits: { "primary.natGateways": "single" },
    problems: [
      '`primary.natGateways`: got "single"; one NAT gateway is a single point of failure for every AZ\'s egress, so prod needs one per AZ. Fix: pulumi config set --path primary.natGateways per-az',
    ],
  },
  {
    name: "the prod rules on the AWS secondary site as well",
    edits: { "secondary.aws.azCount": 2, "secondary.aws.natGateways": "single" },
    problems: [
      "`secondary.aws.azCount`: got 2; prod spreads every tier over at least 3 AZs (the EKS control plane and etcd span 3). Fix: pulumi config set --path secondary.aws.azCount 3",
      '`secondary.aws.natGateways`: got "single"; one NAT gateway is a single point of failure for every AZ\'s egress, so prod needs one per AZ. Fix: pulumi config set --path secondary.aws.natGateways per-az',
    ],
  },
  {
    name: "a node group minSize above desiredSize",
    edits: { "primary.nodeGroups.general.minSize": 3 },
    problems: [
      "`primary.nodeGroups.general.minSize`: got 3, above `primary.nodeGroups.general.desiredSize` (2); sizes must satisfy minSize <= desiredSize <= maxSize. Fix: pulumi config set --path primary.nodeGroups.general.minSize 2",
    ],
  },
  {
    name: "a node group desiredSize above maxSize",
    edits: { "primary.nodeGroups.general.desiredSize": 7 },
    problems: [
      "`primary.nodeGroups.general.desiredSize`: got 7, above `primary.nodeGroups.general.maxSize` (6); sizes must satisfy minSize <= desiredSize <= maxSize. Fix: pulumi config set --path primary.nodeGroups.general.desiredSize 6",
    ],
  },
  {
    name: "a node group maxSize 0",
    edits: {
      "secondary.aws.nodeGroups.general.minSize": 0,
      "secondary.aws.nodeGroups.general.desiredSize": 0,
      "secondary.aws.nodeGroups.general.maxSize": 0,
    },
    problems: [
      "`secondary.aws.nodeGroups.general.maxSize`: got 0; the maximum must be at least 1 (scale to zero through the minimum and the off-hours schedule). Fix: pulumi config set --path secondary.aws.nodeGroups.general.maxSize 1",
    ],
  },
  {
    name: "a GCP node pool minimum above its maximum",
    edits: { "secondary.gcp.nodePool.minNodesPerZone": 5 },
    problems: [
      "`secondary.gcp.nodePool.minNodesPerZone`: got 5, above `secondary.gcp.nodePool.maxNodesPerZone` (4); sizes must satisfy minNodesPerZone <= maxNodesPerZone. Fix: pulumi config set --path secondary.gcp.nodePool.minNodesPerZone 4",
    ],
  },
  {
    name: "an unknown environment close to a known one",
    edits: { environment: "prd" },
    problems: [
      '`environment`: got "prd"; expected one of dev, staging, prod (did you mean "prod"?). Fix: pulumi config set environment prod',
    ],
  },
  {
    name: "an unknown environment like no known one",
    edits: { environment: "production" },
    problems: [
      '`environment`: got "production"; expected one of dev, staging, prod. Fix: pulumi config set environment <value>, where <value> is one of dev, staging, prod',
    ],
  },
  {
    name: "an unknown drMode",
    edits: { drMode: "warm-stanby" },
    problems: [
      '`drMode`: got "warm-stanby"; expected one of backup-restore, pilot-light, warm-standby (did you mean "warm-standby"?). Fix: pulumi config set drMode warm-standby',
    ],
  },
  {
    name: "an active secondary that holds no database (backup and restore)",
    edits: { drMode: "backup-restore", activeSite: "secondary" },
    problems: [
      '`activeSite`: got "secondary", but in backup-restore the secondary holds no database to write to: a backup-restore stack recovers by restoring its backup copies into a new stack in the secondary Region, not by switching sites. Fix: pulumi config set activeSite primary and follow docs/runbooks/failback.md#backup-and-restore-stacks',
    ],
  },
  {
    name: "an unknown activeSite",
    edits: { activeSite: "tokyo" },
    problems: [
      '`activeSite`: got "tokyo"; expected one of primary, secondary. Fix: pulumi config set activeSite <value>, where <value> is one of primary, secondary',
    ],
  },
  {
    name: "an unknown secondary.cloud close to a known one",
    edits: { "secondary.cloud": "gcpp" },
    problems: [
      '`secondary.cloud`: got "gcpp"; expected one of aws, gcp (did you mean "gcp"?). Fix: pulumi config set --path secondary.cloud gcp',
    ],
  },
  {
    name: "an unknown secondary.cloud like no known one",
    edits: { "secondary.cloud": "azure" },
    problems: [
      '`secondary.cloud`: got "azure"; expected one of aws, gcp. Fix: pulumi config set --path secondary.cloud <value>, where <value> is one of aws, gcp',
    ],
  },
  {
    name: "an unknown taint effect in a node group",
    edits: { "primary.nodeGroups.general.taints": [{ key: "gpu", effect: "NoSchedule" }] },
    problems: [
      '`primary.nodeGroups.general.taints[0].effect`: got "NoSchedule"; expected one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE (did you mean "NO_SCHEDULE"?). Fix: pulumi config set --path primary.nodeGroups.general.taints[0].effect NO_SCHEDULE',
    ],
  },
  {
    name: "secondary.cloud gcp without secondary.gcp.project",
    edits: { "secondary.cloud": "gcp", "secondary.gcp.project": DELETE },
    problems: [
      "`secondary.gcp.project`: missing; a GCP secondary needs the project its resources are created in. Fix: pulumi config set --path secondary.gcp.project <project-id>",
    ],
  },
  {
    name: "secondary.cloud gcp without a secondary.gcp block",
    edits: { "secondary.cloud": "gcp", "secondary.gcp": DELETE },
    problems: [
      '`secondary.gcp`: missing, but `secondary.cloud` is "gcp". Fix: pulumi config set --path secondary.gcp.project <project-id>, then set region and vpcCidr the same way',
    ],
  },
  {
    name: "secondary.cloud aws without a secondary.aws block, still checking the gcp block",
    edits: { "secondary.aws": DELETE, "secondary.gcp.project": "DR_platform" },
    problems: [
      '`secondary.aws`: missing, but `secondary.cloud` is "aws". Fix: pulumi config set --path secondary.aws.region ap-northeast-1, then set azCount and vpcCidr the same way',
      '`secondary.gcp.project`: got "DR_platform"; a GCP project ID is 6 to 30 lowercase letters, digits or hyphens, starting with a letter. Fix: pulumi config set --path secondary.gcp.project <project-id>',
    ],
  },
  ...["DR_platform", "dr-p", "dr-platform-", "1dr-platform", `d${"r".repeat(30)}`].map((project) => ({
    name: `the GCP project id ${JSON.stringify(project)}`,
    edits: { "secondary.gcp.project": project },
    problems: [
      `\`secondary.gcp.project\`: got ${JSON.stringify(project)}; a GCP project ID is 6 to 30 lowercase letters, digits or hyphens, starting with a letter. Fix: pulumi config set --path secondary.gcp.project <project-id>`,
    ],
  })),
  {
    name: "a misspelt top-level key, which also leaves the real key missing",
    edits: { drMode: DELETE, drmode: "warm-standby" },
    problems: [
      "`drMode`: missing (expected one of backup-restore, pilot-light, warm-standby). Fix: pulumi config set drMode <value>, where <value> is one of backup-restore, pilot-light, warm-standby",
      "`drmode`: unknown key (did you mean `drMode`?). Fix: rename it to `drMode` in the stack file",
    ],
  },
  {
    name: "a misspelt duplicate of a top-level key",
    edits: { drmode: "pilot-light" },
    problems: ["`drmode`: unknown key (did you mean `drMode`?). Fix: rename it to `drMode` in the stack file"],
  },
  {
    name: "a misspelt nested key",
    edits: { "primary.azCount": DELETE, "primary.azcount": 3 },
    problems: [
      "`primary.azCount`: missing (expected number). Fix: pulumi config set --path primary.azCount <number>",
      "`primary.azcount`: unknown key (did you mean `primary.azCount`?). Fix: rename it to `primary.azCount` in the stack file",
    ],
  },
  {
    name: "a misspelt key inside a node group",
    edits: { "primary.nodeGroups.general.minsize": 1 },
    problems: [
      "`primary.nodeGroups.general.minsize`: unknown key (did you mean `primary.nodeGroups.general.minSize`?). Fix: rename it to `primary.nodeGroups.general.minSize` in the stack file",
    ],
  },
  {
    name: "an unknown top-level key like no known one",
    edits: { colour: "blue" },
    problems: [
      "`colour`: unknown key. Fix: remove it (`pulumi config rm colour`); the keys here are environment, drMode, activeSite, primary, secondary, dns, failover, drTargets, tags, logRetentionDays, eks, workload, database, protection, teardown, schedule, passiveShareAccepted, resilience, alarms",
    ],
  },
  {
    name: "an unknown nested key like no known one",
    edits: { "primary.colour": "blue" },
    problems: [
      "`primary.colour`: unknown key. Fix: remove it (`pulumi config rm --path primary.colour`); the keys here are region, azCount, vpcCidr, natGateways, nodeGroups",
    ],
  },
  {
    name: "a record name outside the zone",
    edits: { "dns.recordName": "app.example.org" },
    problems: [
      '`dns.recordName`: got "app.example.org", which is not inside the zone `dns.zoneName` ("example.com"). Fix: pulumi config set --path dns.recordName app.example.com',
    ],
  },
  {
    name: "a record name that only ends with the zone's letters",
    edits: { "dns.recordName": "badexample.com" },
    problems: [
      '`dns.recordName`: got "badexample.com", which is not inside the zone `dns.zoneName` ("example.com"). Fix: pulumi config set --path dns.recordName app.example.com',
    ],
  },
  {
    name: "a passive-share exception at or below the target it would excuse",
    edits: { passiveShareAccepted: { upToPercent: 30, reason: "the standby keeps the primary's node size" } },
    problems: [
      '`passiveShareAccepted.upToPercent`: got 30; at or below prod\'s 35 % target for "warm-standby", so it accepts nothing. Fix: pulumi config rm passiveShareAccepted',
    ],
  },
  {
    name: "a passive-share exception for a mode with no target, and one without a reason",
    edits: { drMode: "backup-restore", passiveShareAccepted: { upToPercent: 30, reason: "cheap" } },
    problems: [
      '`passiveShareAccepted.reason`: got "cheap"; say why in at least 20 characters: the line that keeps the share above its target. Fix: pulumi config set --path passiveShareAccepted.reason <value>',
      '`passiveShareAccepted.upToPercent`: got 30; prod sets no passive-share target for `drMode` "backup-restore", so there is no miss to accept. Fix: pulumi config rm passiveShareAccepted',
    ],
  },
  {
    name: "logRetentionDays 10 in dev, suggesting the nearest accepted value",
    edits: { environment: "dev", logRetentionDays: 10 },
    problems: [
      "`logRetentionDays`: got 10; CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set logRetentionDays 7",
    ],
  },
  {
    name: "logRetentionDays 10 in prod, suggesting the nearest value prod also accepts",
    edits: { logRetentionDays: 10 },
    problems: [
      "`logRetentionDays`: got 10; CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set logRetentionDays 30",
    ],
  },
  {
    name: "logRetentionDays above the longest accepted value",
    edits: { logRetentionDays: 4000 },
    problems: [
      "`logRetentionDays`: got 4000; CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set logRetentionDays 3653",
    ],
  },
  {
    name: "a missing required string",
    edits: { "dns.zoneName": DELETE },
    problems: ["`dns.zoneName`: missing (expected string). Fix: pulumi config set --path dns.zoneName <string>"],
  },
  {
    name: "a missing required enum",
    edits: { environment: DELETE },
    problems: [
      "`environment`: missing (expected one of dev, staging, prod). Fix: pulumi config set environment <value>, where <value> is one of dev, staging, prod",
    ],
  },
  {
    name: "a missing required object",
    edits: { primary: DELETE },
    problems: [
      "`primary`: missing (expected object). Fix: pulumi config set --path primary.region <value>, then set azCount and vpcCidr the same way",
    ],
  },
  {
    name: "a missing tags block, naming only its required keys",
    edits: { tags: DELETE },
    problems: [
      "`tags`: missing (expected object). Fix: pulumi config set --path tags.owner <value>, then set costCenter the same way",
    ],
  },
  {
    name: "a string where an object belongs",
    edits: { dns: "example.com" },
    problems: [
      '`dns`: got "example.com"; expected object. Fix: pulumi config set --path dns.zoneName <value>, then set recordName the same way',
    ],
  },
  {
    name: "a null value (an empty key in YAML)",
    edits: { "dns.zoneName": null },
    problems: ["`dns.zoneName`: got null; expected string. Fix: pulumi config set --path dns.zoneName <string>"],
  },
  {
    name: "a quoted number",
    edits: { "primary.azCount": "3" },
    problems: ['`primary.azCount`: got "3"; expected number. Fix: pulumi config set --path primary.azCount <number>'],
  },
  {
    name: "a fractional count",
    edits: { "primary.azCount": 2.5 },
    problems: ["`primary.azCount`: got 2.5; expected integer. Fix: pulumi config set --path primary.azCount <integer>"],
  },
  {
    name: "a negative node group size",
    edits: { "primary.nodeGroups.general.minSize": -1 },
    problems: [
      "`primary.nodeGroups.general.minSize`: got -1; number must be greater than or equal to 0. Fix: pulumi config set --path primary.nodeGroups.general.minSize <value>",
    ],
  },
  {
    name: "an empty instance type list",
    edits: { "primary.nodeGroups.general.instanceTypes": [] },
    problems: [
      "`primary.nodeGroups.general.instanceTypes`: got []; array must contain at least 1 element(s). Fix: pulumi config set --path primary.nodeGroups.general.instanceTypes <value>",
    ],
  },
  // Values that must exist: each is looked up in a dated catalogue (stack-config/catalogues).
  {
    name: "a Kubernetes version newer than the EKS catalogue",
    edits: { "eks.version": "1.36" },
    problems: [
      '`eks.version`: got "1.36"; not in the EKS version catalogue (as of 2026-02-14: 1.29 to 1.35); if EKS has released it since, add it to stack-config/catalogues/eks-versions.ts. Fix: pulumi config set --path eks.version 1.35',
    ],
  },
  {
    name: "a Kubernetes version EKS no longer offers",
    edits: { "eks.version": "1.28" },
    problems: [
      '`eks.version`: got "1.28"; Amazon EKS no longer creates clusters on it (the catalogue as of 2026-02-14 lists 1.29 to 1.35). Fix: pulumi config set --path eks.version 1.29',
    ],
  },
  {
    name: "a cluster-autoscaler chart patch that was never published",
    edits: { "eks.clusterAutoscalerChartVersion": "9.53.1" },
    problems: [
      '`eks.clusterAutoscalerChartVersion`: got "9.53.1"; not a published cluster-autoscaler chart version (the catalogue as of 2026-03-02 lists 9.46.0 to 9.56.0 from https://kubernetes.github.io/autoscaler; add a newer release to stack-config/catalogues/helm-charts.ts). Fix: pulumi config set --path eks.clusterAutoscalerChartVersion 9.53.0',
    ],
  },
  {
    name: "a load balancer controller chart version that is not published",
    edits: { "eks.loadBalancerControllerChartVersion": "2.0.0" },
    problems: [
      '`eks.loadBalancerControllerChartVersion`: got "2.0.0"; not a published aws-load-balancer-controller chart version (the catalogue as of 2025-11-20 lists 1.8.0 to 1.16.0 from https://aws.github.io/eks-charts; add a newer release to stack-config/catalogues/helm-charts.ts). Fix: pulumi config set --path eks.loadBalancerControllerChartVersion 1.16.0',
    ],
  },
  {
    name: "a chart version range instead of an exact version",
    edits: { "eks.clusterAutoscalerChartVersion": "9.53" },
    problems: [
      '`eks.clusterAutoscalerChartVersion`: got "9.53"; expected an exact chart version like 9.56.0. Fix: pulumi config set --path eks.clusterAutoscalerChartVersion 9.53.0',
    ],
  },
  {
    name: "an Aurora PostgreSQL minor version AWS never released",
    edits: { "database.engineVersion": "16.5" },
    problems: [
      '`database.engineVersion`: got "16.5"; not an Aurora PostgreSQL version AWS creates clusters with (the catalogue as of 2026-11-10, offered for 16: 16.4, 16.6, 16.8, 16.9, 16.10, 16.11, 16.13). Fix: pulumi config set --path database.engineVersion 16.6',
    ],
  },
  {
    name: "an Aurora PostgreSQL major version Aurora does not run",
    edits: { "database.engineVersion": "12.22" },
    problems: [
      '`database.engineVersion`: got "12.22"; not an Aurora PostgreSQL version AWS creates clusters with (the catalogue as of 2026-11-10, offered majors: 13, 14, 15, 16, 17, 18). Fix: pulumi config set --path database.engineVersion 16.6',
    ],
  },
  {
    name: "a misspelt Aurora instance class",
    edits: { "database.instanceClass": "db.r6g.xlrage" },
    problems: [
      '`database.instanceClass`: got "db.r6g.xlrage"; not a DB instance class Aurora PostgreSQL runs on (did you mean "db.r6g.xlarge"?). Fix: pulumi config set --path database.instanceClass db.r6g.xlarge',
    ],
  },
  {
    name: "an EC2 class name where an Aurora instance class belongs",
    edits: { "database.instanceClass": "r6g.large" },
    problems: [
      '`database.instanceClass`: got "r6g.large"; not a DB instance class Aurora PostgreSQL runs on (did you mean "db.r6g.large"?). Fix: pulumi config set --path database.instanceClass db.r6g.large',
    ],
  },
  {
    name: "a misspelt class for the standby's own instance",
    edits: { "secondary.aws.database": { instanceClass: "db.r6g.lrage" } },
    problems: [
      '`secondary.aws.database.instanceClass`: got "db.r6g.lrage"; not a DB instance class Aurora PostgreSQL runs on (did you mean "db.r6g.large"?). Fix: pulumi config set --path secondary.aws.database.instanceClass db.r6g.large',
    ],
  },
  {
    name: "the serverless class for the standby's own instance",
    edits: { "secondary.aws.database": { instanceClass: "db.serverless" } },
    problems: [
      '`secondary.aws.database.instanceClass`: got "db.serverless"; a Serverless v2 standby is set by its capacity range, not a class. Fix: pulumi config rm --path secondary.aws.database.instanceClass, then pulumi config set --path secondary.aws.database.serverless.minCapacity 1 and maxCapacity the same way',
    ],
  },
  {
    name: "a standby both provisioned and Serverless v2, off the ACU steps and pausing",
    edits: {
      "secondary.aws.database": { instanceClass: "db.r6g.large", serverless: { minCapacity: 0, maxCapacity: 16.2 } },
    },
    problems: [
      '`secondary.aws.database`: got instanceClass "db.r6g.large" and a serverless range; the standby\'s own instance is either provisioned or Serverless v2. Fix: pulumi config rm --path secondary.aws.database.instanceClass (or secondary.aws.database.serverless)',
      "`secondary.aws.database.serverless.minCapacity`: got 0; a standby applies the writer's changes all the time and is promoted without warning: it must not pause. Fix: pulumi config set --path secondary.aws.database.serverless.minCapacity 1",
      "`secondary.aws.database.serverless.maxCapacity`: got 16.2; Serverless v2 capacity moves in steps of 0.5 ACU. Fix: pulumi config set --path secondary.aws.database.serverless.maxCapacity 16",
    ],
  },
  {
    name: "a standby database beside a Serverless v2 writer, and a group named like the pilot light's controllers",
    edits: {
      "database.serverless": { minCapacity: 1, maxCapacity: 8 },
      "secondary.aws.nodeGroups.controllers": { instanceTypes: ["m6i.large"], minSize: 1, desiredSize: 1, maxSize: 2 },
    },
    problems: [
      '`secondary.aws.database`: got {"serverless":{"minCapacity":1,"maxCapacity":16}} with `database.serverless` set; a Serverless v2 writer\'s standby scales within the writer\'s capacity range and takes no database of its own. Fix: pulumi config rm --path secondary.aws.database',
      '`secondary.aws.nodeGroups.controllers`: got a group named "controllers", the name of the group a pilot light adds for its cluster\'s controllers: it would be overwritten. Fix: rename it to any other name in the stack file',
    ],
  },
  {
    name: "a standby database on the primary, whose database is `database`",
    edits: { "primary.database": { instanceClass: "db.r6g.large" } },
    problems: [
      "`primary.database`: unknown key. Fix: remove it (`pulumi config rm --path primary.database`); the keys here are region, azCount, vpcCidr, natGateways, nodeGroups",
    ],
  },
  {
    name: "the serverless class on a provisioned cluster",
    edits: { "database.instanceClass": "db.serverless" },
    problems: [
      '`database.instanceClass`: got "db.serverless" without `database.serverless`; a Serverless v2 instance needs its capacity range. Fix: pulumi config set --path database.serverless.minCapacity 0.5 --type float, then set maxCapacity the same way (or set instanceClass to a provisioned class such as db.r6g.large)',
    ],
  },
  {
    name: "a misspelt EC2 instance type in a node group, on either AWS site",
    edits: {
      "primary.nodeGroups.general.instanceTypes": ["m6i.xlrage", "m5.xlarge"],
      "secondary.aws.nodeGroups.general.instanceTypes": ["m6i.xlarge", "m5.xlarg"],
    },
    problems: [
      '`primary.nodeGroups.general.instanceTypes[0]`: got "m6i.xlrage"; not an EC2 instance type (did you mean "m6i.xlarge"?). Fix: pulumi config set --path \'primary.nodeGroups.general.instanceTypes[0]\' m6i.xlarge',
      '`secondary.aws.nodeGroups.general.instanceTypes[1]`: got "m5.xlarg"; not an EC2 instance type (did you mean "m5.xlarge"?). Fix: pulumi config set --path \'secondary.aws.nodeGroups.general.instanceTypes[1]\' m5.xlarge',
    ],
  },
  {
    name: "an empty container image",
    edits: { "workload.image": "" },
    problems: [
      '`workload.image`: got ""; expected a container image pinned to a tag or digest, like ghcr.io/stefanprodan/podinfo:6.7.1. Fix: pulumi config rm --path workload.image (the default image is pinned)',
    ],
  },
  {
    name: "a container image without a tag",
    edits: { "workload.image": "ghcr.io/stefanprodan/podinfo" },
    problems: [
      '`workload.image`: got "ghcr.io/stefanprodan/podinfo"; expected a container image pinned to a tag or digest, like ghcr.io/stefanprodan/podinfo:6.7.1 (without a tag, or with "latest", the image can change under a running stack). Fix: pulumi config set --path workload.image <repository>:<tag>',
    ],
  },
  {
    name: "a container image pinned by tag only, where the clusters admit only digests",
    edits: { "workload.image": "ghcr.io/stefanprodan/podinfo:6.7.1" },
    problems: [
      '`workload.image`: got "ghcr.io/stefanprodan/podinfo:6.7.1"; prod\'s admission policy admits only images pinned by digest, so its pods would be refused. Fix: pulumi config set --path workload.image <repository>:<tag>@sha256:<digest> (the digest: `docker buildx imagetools inspect <repository>:<tag>`)',
    ],
  },
  // What the components would refuse, caught under the config keys.
  {
    name: "a Cloud SQL tier of the Enterprise Plus edition (GCP databaseTier)",
    edits: { "secondary.gcp.databaseTier": "db-perf-optimized-N-2" },
    problems: [
      '`secondary.gcp.databaseTier`: got "db-perf-optimized-N-2"; the Cloud SQL Enterprise edition takes db-custom-<vCPUs>-<MiB> tiers (or the shared-core and n1 ones). Fix: pulumi config set --path secondary.gcp.databaseTier db-custom-2-7680',
    ],
  },
  {
    name: "a custom Cloud SQL shape that no machine has",
    edits: { "secondary.gcp.databaseTier": "db-custom-3-1000" },
    problems: [
      '`secondary.gcp.databaseTier`: got "db-custom-3-1000"; no Cloud SQL machine has 3 vCPUs (a custom tier has 1 or an even number from 2 to 96) or 1000 MiB (memory is a multiple of 256 MiB, at least 3840, and 0.9 to 6.5 GiB per vCPU). Fix: pulumi config set --path secondary.gcp.databaseTier db-custom-4-15360',
    ],
  },
  {
    name: "Serverless v2 capacity below 1 ACU or off the half-ACU steps",
    edits: { "database.serverless": { minCapacity: 0.3, maxCapacity: 0.5 }, "secondary.aws.database": DELETE },
    problems: [
      "`database.serverless.minCapacity`: got 0.3; Serverless v2 capacity moves in steps of 0.5 ACU. Fix: pulumi config set --path database.serverless.minCapacity 0.5 --type float",
      "`database.serverless.maxCapacity`: got 0.5; Serverless v2 scales to at least 1 ACU. Fix: pulumi config set --path database.serverless.maxCapacity 1",
    ],
  },
  {
    name: "a GKE node pool ceiling above the autoscaler's",
    edits: { "secondary.gcp.nodePool.maxNodesPerZone": 1500 },
    problems: [
      "`secondary.gcp.nodePool.maxNodesPerZone`: got 1500; the GKE autoscaler counts at most 1000 nodes per zone. Fix: pulumi config set --path secondary.gcp.nodePool.maxNodesPerZone 1000",
    ],
  },
  {
    name: "a service name that no certificate takes (capital letters)",
    edits: { "dns.recordName": "App.example.com" },
    problems: [
      '`dns.recordName`: got "App.example.com"; the service\'s certificates need one lowercase fully qualified name, without a wildcard. Fix: pulumi config set --path dns.recordName app.example.com',
    ],
  },
  // Limits prod sets (stack-config/profiles.ts).
  {
    name: "prod logs kept a fortnight",
    edits: { logRetentionDays: 14 },
    problems: [
      "`logRetentionDays`: got 14; prod keeps flow and control-plane logs at least 30 days, long enough to investigate an incident after the fact. Fix: pulumi config set logRetentionDays 30",
    ],
  },
  {
    name: "a prod database that scales to 0 ACUs",
    edits: { "database.serverless": { minCapacity: 0, maxCapacity: 8 }, "secondary.aws.database": DELETE },
    problems: [
      "`database.serverless.minCapacity`: got 0; a prod database never pauses (an idle cluster at 0 ACUs takes seconds to resume, and the first requests after a quiet spell fail). Fix: pulumi config set --path database.serverless.minCapacity 0.5 --type float",
    ],
  },
  {
    name: "a prod drill longer than an hour",
    edits: { "resilience.disruptionMinutes": 90 },
    problems: [
      "`resilience.disruptionMinutes`: got 90; a prod drill disrupts an AZ or a region for at most 60 minutes. Fix: pulumi config set --path resilience.disruptionMinutes 60",
    ],
  },
  {
    name: "a prod GCP secondary in Seoul, the primary's metro",
    edits: { "secondary.gcp.region": "asia-northeast3" },
    problems: [
      '`secondary.gcp.region`: got "asia-northeast3", in Seoul like `primary.region` (ap-northeast-2); a prod secondary must be outside the primary\'s metro, which one power, network or natural disaster can take down whole. Fix: pulumi config set --path secondary.gcp.region asia-northeast1',
    ],
  },
  {
    name: "an alarm email without a domain",
    edits: { alarms: { email: "ops@example" } },
    problems: [
      '`alarms.email`: got "ops@example"; expected one email address like ops@example.com (SNS sends the subscription confirmation there). Fix: pulumi config set --path alarms.email <address>',
    ],
  },
  {
    name: "a prod stack that names nobody to page",
    edits: { alarms: DELETE },
    problems: [
      "`alarms.email`: missing, and `alarms.httpsEndpoints` is empty; a prod stack pages someone, so its alarms need at least one notification target. Fix: pulumi config set --path alarms.email oncall@<your-domain> (or list a pager's https URL in alarms.httpsEndpoints), then confirm the subscription",
    ],
  },
  {
    name: "an alarm endpoint over plain http",
    edits: { alarms: { httpsEndpoints: ["http://events.pagerduty.com/integration/abc/enqueue"] } },
    problems: [
      '`alarms.httpsEndpoints[0]`: got "http://events.pagerduty.com/integration/abc/enqueue"; expected an https URL with a host, like https://events.pagerduty.com/integration/<key>/enqueue (SNS delivers alarms to it over TLS). Fix: pulumi config set --path alarms.httpsEndpoints[0] https://<host>/<path>',
    ],
  },
  {
    name: "an alarm endpoint that is no URL",
    edits: { alarms: { email: "oncall@example.com", httpsEndpoints: ["https://hooks.example.com/a", "pager"] } },
    problems: [
      '`alarms.httpsEndpoints[1]`: got "pager"; expected an https URL with a host, like https://events.pagerduty.com/integration/<key>/enqueue (SNS delivers alarms to it over TLS). Fix: pulumi config set --path alarms.httpsEndpoints[1] https://<host>/<path>',
    ],
  },
  {
    name: "an alarm email with a display name",
    edits: { alarms: { email: "Platform Team <ops@example.com>" } },
    problems: [
      '`alarms.email`: got "Platform Team <ops@example.com>"; expected one email address like ops@example.com (SNS sends the subscription confirmation there). Fix: pulumi config set --path alarms.email <address>',
    ],
  },
];

describe("stack config: bad config, one case at a time", () => {
  for (const { name, edits, problems } of CASES) {
    it(`fails on ${name}`, () => {
      assert.deepEqual(problemsOf(edited(edits)).map(formatProblem), problems);
    });
  }

  it("names the key path first, quotes the value given and ends with a fix in every message", () => {
    for (const { name, edits } of CASES) {
      for (const problem of problemsOf(edited(edits))) {
        const text = formatProblem(problem);
        assert.ok(text.startsWith(`\`${problem.path}\`: `), `${name}: ${text}`);
        assert.match(problem.message, /^(got |missing|unknown key)/, `${name}: ${text}`);
        assert.match(problem.fix, /^(pulumi config (set|rm) |rename it to |remove it )/, `${name}: ${text}`);
      }
    }
  });

  it("resolves every problem whose fix is a concrete `pulumi config set` when the fix is applied", () => {
    const command = /^pulumi config set (--path )?(\S+) ([^<\s]+)( --type float)?$/;
    // What the CLI stores: with --path, true/false and integers typed and the rest strings (unless --type);
    // a top-level value as a string, which config.ts decodes as JSON where it parses.
    const stored = (value: string, nested: boolean, float: boolean): unknown => {
      if (float) {
        return Number(value);
      }
      if (!nested) {
        return YAML.parse(value);
      }
      return value === "true" || value === "false" ? value === "true" : /^-?\d+$/.test(value) ? Number(value) : value;
    };
    let applied = 0;
    for (const { name, edits } of CASES) {
      const problems = problemsOf(edited(edits));
      if (!problems.every((p) => command.test(p.fix))) {
        continue;
      }
      const fixed: Edits = { ...edits };
      for (const problem of problems) {
        const [, nested, key, value, float] = command.exec(problem.fix)!;
        // A path with an index is quoted for the shell.
        fixed[key.replace(/^'(.*)'$/, "$1")] = stored(value, nested !== undefined, float !== undefined);
      }
      const result = parseStackConfig(edited(fixed), CONTEXT);
      assert.ok(result.ok, `${name}: after the fixes, still ${result.ok ? "" : result.problems.map(formatProblem)}`);
      applied++;
    }
    // Enum values with no close match have no single value to propose, so their fix names the choices instead.
    assert.ok(applied >= 36, `only ${applied} cases had fixes to apply`);
  });
});

describe("stack config: many problems at once", () => {
  const raw = edited({
    environment: "prd",
    colour: "blue",
    "tags.owner": DELETE,
    "primary.azCount": 1,
    "primary.vpcCidr": "10.0.1.0/16",
    "primary.nodeGroups.general.maxSize": 0,
    "secondary.aws.region": "ap-northeast-2",
    "secondary.gcp.region": "tokyo",
    "secondary.gcp.nodePool.minNodesPerZone": 9,
    "dns.recordName": "app.example.org",
    logRetentionDays: 10,
  });

  it("fails with every problem reported together, schema problems first", () => {
    const problems = problemsOf(raw);
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        "environment",
        "tags.owner",
        "colour",
        "secondary.gcp.region",
        "secondary.aws.region",
        "primary.vpcCidr",
        "primary.azCount",
        "primary.nodeGroups.general.desiredSize",
        "primary.nodeGroups.general.maxSize",
        "secondary.gcp.nodePool.minNodesPerZone",
        "dns.recordName",
        "logRetentionDays",
      ],
    );
  });

  it("fails with one report that counts and lists all twelve problems", () => {
    const problems = problemsOf(raw);
    const report = formatProblems("prod", problems).split("\n");
    assert.equal(report[0], "Stack config for `prod` is invalid (12 problems):");
    assert.deepEqual(
      report.slice(1),
      problems.map((p) => `  - ${formatProblem(p)}`),
    );
    assert.equal(report.length, 13);
  });
});

describe("stack config: formatProblem and formatProblems", () => {
  const problem: Problem = {
    path: "primary.azCount",
    message: "got 2; prod needs 3",
    fix: "pulumi config set --path primary.azCount 3",
  };

  it("formats one problem as path, message and fix", () => {
    assert.equal(
      formatProblem(problem),
      "`primary.azCount`: got 2; prod needs 3. Fix: pulumi config set --path primary.azCount 3",
    );
  });

  it("says '1 problem' in the singular", () => {
    assert.equal(
      formatProblems("dev", [problem]),
      "Stack config for `dev` is invalid (1 problem):\n  - `primary.azCount`: got 2; prod needs 3. Fix: pulumi config set --path primary.azCount 3",
    );
  });
});

describe("stack config: did-you-mean suggest", () => {
  const topLevel = ["environment", "drMode", "primary", "secondary", "dns", "tags", "logRetentionDays"];

  it("finds a key that differs only in case, returning the known spelling", () => {
    assert.equal(suggest("drmode", topLevel), "drMode");
    assert.equal(suggest("AZCOUNT", ["region", "azCount", "vpcCidr"]), "azCount");
  });

  it("finds a key one edit away", () => {
    assert.equal(suggest("enviroment", topLevel), "environment");
    assert.equal(suggest("gcpp", ["aws", "gcp"]), "gcp");
    assert.equal(suggest("ap-northeast-22", ["ap-northeast-1", "ap-northeast-2", "us-east-1"]), "ap-northeast-2");
  });

  it("allows up to a third of the letters to differ in a long name", () => {
    // "logRetention" is 12 letters: 4 edits allowed; "logRetentionDays" is 4 deletions away.
    assert.equal(suggest("logRetention", topLevel), "logRetentionDays");
    assert.equal(suggest("retention", topLevel), undefined);
  });

  it("completes a shortened name when exactly one known name starts with it", () => {
    assert.equal(suggest("warm", ["backup-restore", "pilot-light", "warm-standby"]), "warm-standby");
    assert.equal(suggest("logRet", topLevel), "logRetentionDays");
    assert.equal(suggest("pr", ["primary", "prod"]), undefined);
  });

  it("suggests nothing when the closest name is too far away", () => {
    assert.equal(suggest("colour", topLevel), undefined);
    assert.equal(suggest("gpc", ["aws", "gcp"]), undefined, "a transposition is two edits, too many for 3 letters");
    assert.equal(suggest("production", ["dev", "staging", "prod"]), undefined);
  });

  it("always allows one edit, even in a two-letter name", () => {
    assert.equal(suggest("dn", topLevel), "dns");
  });

  it("suggests nothing from an empty list", () => {
    assert.equal(suggest("anything", []), undefined);
  });
});

describe("stack config: keys in every namespace, as the engine passes them", () => {
  /** Prod's engine config (full keys, string values) with keys added. */
  const engineConfig = (extra: Record<string, string>) => ({ ...loadStackConfig("prod").config, ...extra });
  const problems = (extra: Record<string, string>) => {
    const result = parseEngineConfig(engineConfig(extra), CONTEXT);
    return result.ok ? [] : result.problems.map(formatProblem);
  };

  for (const stack of ["dev", "staging", "prod"]) {
    it(`accepts the shipped ${stack} stack, its pulumi: key included`, () => {
      const result = parseEngineConfig(loadStackConfig(stack).config, { project: "dr-platform", stack });
      assert.ok(result.ok, result.ok ? "" : formatProblems(stack, result.problems));
    });
  }

  it("accepts the providers' and the engine's namespaces", () => {
    assert.deepEqual(
      problems({
        "aws:skipMetadataApiCheck": "false",
        "gcp:project": "dr-platform-prod",
        "kubernetes:enableServerSideApply": "true",
        "pulumi:tags": '{"team":"platform"}',
        "random:unused": "x",
      }),
      [],
    );
  });

  const cases: [string, Record<string, string>, string[]][] = [
    [
      "a key under a misspelt project namespace, which would otherwise fall back to its default",
      { "dr-platfrom:alarms": '{"email":"ops@example.com"}' },
      [
        "`dr-platfrom:alarms`: the namespace `dr-platfrom` is neither this project's nor a provider's (did you mean `dr-platform:alarms`?). Fix: rename it to `dr-platform:alarms` in the stack file",
      ],
    ],
    [
      "a misspelt namespace and key together",
      { "drplatform:alrms": "{}" },
      [
        "`drplatform:alrms`: the namespace `drplatform` is neither this project's nor a provider's (did you mean `dr-platform:alarms`?). Fix: rename it to `dr-platform:alarms` in the stack file",
      ],
    ],
    [
      "a project key written without its namespace",
      { alarms: "{}" },
      [
        "`alarms`: no namespace (did you mean `dr-platform:alarms`?). Fix: rename it to `dr-platform:alarms` in the stack file",
      ],
    ],
    [
      "a misspelt provider namespace",
      { "awss:region": "ap-northeast-2" },
      [
        "`awss:region`: the namespace `awss` is neither this project's nor a provider's (did you mean `aws:region`?). Fix: rename it to `aws:region` in the stack file",
      ],
    ],
    [
      "a namespace nothing here reads",
      { "datadog:apiKey": "x" },
      [
        "`datadog:apiKey`: the namespace `datadog` is neither this project's nor a provider's; this program reads `dr-platform:` keys and its providers' (aws:, gcp:, kubernetes:, pulumi:, random:). Fix: remove it (`pulumi config rm datadog:apiKey`)",
      ],
    ],
  ];
  for (const [name, extra, expected] of cases) {
    it(`fails on ${name}`, () => {
      assert.deepEqual(problems(extra), expected);
    });
  }

  it("reports the namespace problem first, then what the project's keys lack", () => {
    const config = engineConfig({});
    config["dr-platfrom:environment"] = config["dr-platform:environment"];
    delete config["dr-platform:environment"];
    const result = parseEngineConfig(config, CONTEXT);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map(formatProblem), [
      "`dr-platfrom:environment`: the namespace `dr-platfrom` is neither this project's nor a provider's (did you mean `dr-platform:environment`?). Fix: rename it to `dr-platform:environment` in the stack file",
      "`environment`: missing (expected one of dev, staging, prod). Fix: pulumi config set environment <value>, where <value> is one of dev, staging, prod",
    ]);
  });
});

describe("stack config: environment profiles decide the thresholds", () => {
  it("keeps every per-environment threshold in one table, never in a comparison with an environment's name", () => {
    const dir = path.join(REPO, "stack-config");
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "profiles.ts")
      .filter((f) =>
        /(===|!==)\s*"(dev|staging|prod)"|"(dev|staging|prod)"\s*(===|!==)/.test(
          fs.readFileSync(path.join(dir, f), "utf8"),
        ),
      );
    assert.deepEqual(offenders, []);
  });

  it("gives an unknown or missing environment dev's profile, so one typo is reported once", () => {
    assert.deepEqual(profileOf("prd"), { name: "dev", profile: PROFILES.dev });
    assert.deepEqual(profileOf(undefined), { name: "dev", profile: PROFILES.dev });
    assert.deepEqual(profileOf("prod"), { name: "prod", profile: PROFILES.prod });
  });

  it("accepts outside prod what prod refuses", () => {
    const refusedInProd: Edits = {
      logRetentionDays: 14,
      "database.serverless": { minCapacity: 0, maxCapacity: 8 },
      "secondary.aws.database": DELETE,
      "resilience.disruptionMinutes": 90,
      "secondary.gcp.region": "asia-northeast3",
      "primary.azCount": 2,
      "secondary.aws.azCount": 2,
      "primary.natGateways": "single",
      "workload.minReplicas": 1,
      "database.instances": 1,
      "protection.protect": false,
    };
    assert.equal(problemsOf(edited(refusedInProd)).length, 10);
    parseOk(edited({ ...refusedInProd, environment: "staging" }));
    parseOk(edited({ ...refusedInProd, environment: "dev" }));
  });

  it("wants a notification target where the profile requires paging (staging, prod), not in dev", () => {
    assert.deepEqual(problemsOf(edited({ environment: "staging", alarms: DELETE })).map(formatProblem), [
      "`alarms.email`: missing, and `alarms.httpsEndpoints` is empty; a staging stack pages someone, so its alarms need at least one notification target. Fix: pulumi config set --path alarms.email oncall@<your-domain> (or list a pager's https URL in alarms.httpsEndpoints), then confirm the subscription",
    ]);
    parseOk(edited({ environment: "staging", alarms: { httpsEndpoints: ["https://hooks.example.com/alarms"] } }));
    parseOk(edited({ environment: "dev", alarms: DELETE }));
  });

  it("caps a staging drill below dev's (FIS's own limit)", () => {
    assert.deepEqual(
      problemsOf(edited({ environment: "staging", "resilience.disruptionMinutes": 180 })).map(formatProblem),
      [
        "`resilience.disruptionMinutes`: got 180; a staging drill disrupts an AZ or a region for at most 120 minutes. Fix: pulumi config set --path resilience.disruptionMinutes 120",
      ],
    );
    parseOk(edited({ environment: "dev", "resilience.disruptionMinutes": 180 }));
  });

  it("reports a region the AZ catalogue lacks instead of assuming it has enough", () => {
    assert.deepEqual(problemsOf(edited({ "primary.region": "us-iso-east-1" })).map(formatProblem), [
      "`primary.azCount`: got 3; the AZ catalogue (stack-config/catalogues/aws-azs.ts) has no count for us-iso-east-1, so the count cannot be checked before deployment. Fix: add us-iso-east-1's AZ count (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html) to stack-config/catalogues/aws-azs.ts",
    ]);
  });
});

describe("stack config: catalogues of what exists", () => {
  it("names each catalogue's source URL and the date it is complete to", () => {
    const exported = catalogues as unknown as Record<string, unknown>;
    const sources = Object.keys(exported).filter((k) => k.endsWith("_SOURCE") || k.endsWith("_SOURCES"));
    const dates = Object.keys(exported).filter((k) => k.endsWith("_AS_OF"));
    assert.deepEqual(
      sources.map((k) => k.replace(/_SOURCES?$/, "")).sort(),
      dates.map((k) => k.replace(/_AS_OF$/, "")).sort(),
    );
    for (const k of sources) {
      for (const url of [exported[k]].flat()) {
        assert.match(String(url), /^https:\/\//, k);
      }
    }
    for (const k of dates.filter((d) => d !== "EC2_INSTANCE_TYPES_AS_OF")) {
      assert.match(String(exported[k]), /^\d{4}-\d{2}-\d{2}$/, k);
    }
    // The EC2 list is the pinned provider's own; its version dates it.
    assert.match(catalogues.EC2_INSTANCE_TYPES_AS_OF, /^@pulumi\/aws \d+\.\d+\.\d+$/);
    for (const chart of [CLUSTER_AUTOSCALER_CHART, LOAD_BALANCER_CONTROLLER_CHART]) {
      assert.match(chart.source, /^https:\/\//);
      assert.match(chart.asOf, /^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("lists every value the shipped stacks use", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const raw = stackFileKeys(stack) as any;
      assert.ok(eksVersion(raw.eks.version), `${stack} eks.version`);
      assert.ok(CLUSTER_AUTOSCALER_CHART.versions.includes(raw.eks.clusterAutoscalerChartVersion), stack);
      assert.ok(LOAD_BALANCER_CONTROLLER_CHART.versions.includes(raw.eks.loadBalancerControllerChartVersion), stack);
      assert.ok(AURORA_POSTGRESQL_VERSIONS.includes(raw.database.engineVersion), stack);
      assert.ok(AURORA_POSTGRESQL_INSTANCE_CLASSES.includes(raw.database.instanceClass ?? "db.r6g.large"), stack);
      for (const site of [raw.primary, raw.secondary.aws]) {
        assert.ok(AWS_AZ_COUNTS[site.region] >= site.azCount, `${stack} ${site.region}`);
        for (const group of Object.values<any>(site.nodeGroups)) {
          group.instanceTypes.forEach((t: string) => assert.ok(EC2_INSTANCE_TYPES.has(t), `${stack} ${t}`));
        }
      }
    }
    assert.ok(AURORA_POSTGRESQL_INSTANCE_CLASSES.includes("db.serverless"));
  });

  it("keeps the EKS calendar's own arithmetic: 14 months of standard support, then 12 of extended", () => {
    const addMonths = (iso: string, months: number) => {
      const d = new Date(`${iso}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString().slice(0, 10);
    };
    for (const v of EKS_VERSIONS) {
      assert.ok(v.released < v.endOfStandardSupport && v.endOfStandardSupport < v.endOfExtendedSupport, v.version);
      assert.equal(v.endOfExtendedSupport, addMonths(v.endOfStandardSupport, 12), v.version);
      assert.equal(v.endOfStandardSupport.slice(0, 7), addMonths(v.released, 14).slice(0, 7), v.version);
    }
    assert.equal(eksVersion("1.34")?.endOfStandardSupport, "2026-12-02");
  });

  it("names only regions the clouds have", () => {
    const awsRegions: string[] = Object.values(aws.Region);
    assert.deepEqual(
      Object.keys(AWS_AZ_COUNTS).filter((r) => !awsRegions.includes(r)),
      [],
    );
    for (const metro of METROS) {
      metro.aws.forEach((r) => assert.ok(awsRegions.includes(r), r));
      metro.gcp.forEach((r) => assert.ok(GCP_REGIONS.includes(r), r));
    }
  });
});
