import * as assert from "node:assert/strict";
import { problems, raw } from "../config-edits";

/** The rules for EKS, the workload, Aurora and protection, table-tested on the shipped stacks' config. */

const cases: { name: string; stack: string; edit: (r: Record<string, any>) => void; expected: string[] }[] = [
  {
    name: "fails on a Kubernetes version that is not a minor version",
    stack: "prod",
    edit: (r) => (r.eks.version = "v1.34.2"),
    expected: [
      '`eks.version`: got "v1.34.2"; expected a Kubernetes minor version like "1.33". Fix: pulumi config set --path eks.version 1.33',
    ],
  },
  {
    name: "fails on a public endpoint open to the whole internet",
    stack: "dev",
    edit: (r) => (r.eks.publicAccessCidrs = ["0.0.0.0/0"]),
    expected: [
      '`eks.publicAccessCidrs[0]`: got "0.0.0.0/0"; a public API endpoint open to that much of the internet is as good as open to all. Fix: list only your networks\' CIDRs (VPN, office), or none to keep the endpoint private',
    ],
  },
  {
    name: "fails on an admin that is not a role ARN",
    stack: "dev",
    edit: (r) => (r.eks.adminRoleArns = ["arn:aws:iam::123456789012:user/alice"]),
    expected: [
      '`eks.adminRoleArns[0]`: got "arn:aws:iam::123456789012:user/alice"; expected an IAM role ARN like arn:aws:iam::123456789012:role/platform-admin. Fix: use the role\'s ARN (`aws iam get-role --role-name NAME --query Role.Arn`)',
    ],
  },
  {
    name: "fails on one replica in prod",
    stack: "prod",
    edit: (r) => (r.workload.minReplicas = 1),
    expected: [
      "`workload.minReplicas`: got 1; prod keeps at least 2 replicas so one AZ or node can fail without an outage. Fix: pulumi config set --path workload.minReplicas 2",
    ],
  },
  {
    name: "fails on more minimum replicas than maximum",
    stack: "dev",
    edit: (r) => (r.workload.minReplicas = 5),
    expected: [
      "`workload.minReplicas`: got 5, above `workload.maxReplicas` (3). Fix: pulumi config set --path workload.minReplicas 3",
    ],
  },
  {
    name: "fails on a single database instance in prod",
    stack: "prod",
    edit: (r) => (r.database.instances = 1),
    expected: [
      "`database.instances`: got 1; prod needs a reader in another AZ to fail over to (typically under 60 to 120 s). Fix: pulumi config set --path database.instances 2",
    ],
  },
  {
    name: "fails on short backups in prod and impossible retention anywhere",
    stack: "prod",
    edit: (r) => (r.database.backupRetentionDays = 7),
    expected: [
      "`database.backupRetentionDays`: got 7; prod keeps backups at least 14 days. Fix: pulumi config set --path database.backupRetentionDays 14",
    ],
  },
  {
    name: "fails on retention beyond Aurora's 35 days",
    stack: "dev",
    edit: (r) => (r.database.backupRetentionDays = 40),
    expected: [
      "`database.backupRetentionDays`: got 40; Aurora keeps automated backups 1 to 35 days. Fix: pulumi config set --path database.backupRetentionDays 14",
    ],
  },
  {
    name: "fails on scale-to-zero with an Aurora version that cannot pause",
    stack: "dev",
    edit: (r) => (r.database.engineVersion = "14.6"),
    expected: [
      "`database.serverless.minCapacity`: got 0, but Aurora PostgreSQL 14.6 cannot pause; scaling to 0 ACUs needs 13.15, 14.12, 15.7, 16.3 or later. Fix: pulumi config set --path database.engineVersion 16.6, or set database.serverless.minCapacity to 0.5",
    ],
  },
  {
    name: "fails on an Aurora version AWS has retired, which also cannot pause",
    stack: "dev",
    edit: (r) => (r.database.engineVersion = "15.4"),
    expected: [
      "`database.serverless.minCapacity`: got 0, but Aurora PostgreSQL 15.4 cannot pause; scaling to 0 ACUs needs 13.15, 14.12, 15.7, 16.3 or later. Fix: pulumi config set --path database.engineVersion 16.6, or set database.serverless.minCapacity to 0.5",
      '`database.engineVersion`: got "15.4"; not an Aurora PostgreSQL version AWS creates clusters with (the catalogue as of 2026-11-10, offered for 15: 15.8, 15.10, 15.12, 15.13, 15.14, 15.15, 15.17). Fix: pulumi config set --path database.engineVersion 15.8',
    ],
  },
  {
    name: "fails on serverless capacity that decreases",
    stack: "dev",
    edit: (r) => (r.database.serverless = { minCapacity: 8, maxCapacity: 4 }),
    expected: [
      "`database.serverless.minCapacity`: got 8, above `database.serverless.maxCapacity` (4). Fix: pulumi config set --path database.serverless.minCapacity 4",
    ],
  },
  {
    name: "fails on an unprotected, teardown-able prod",
    stack: "prod",
    edit: (r) => {
      r.protection = { deletionProtection: false, protect: false };
      r.teardown = { allowed: true };
    },
    expected: [
      "`protection.deletionProtection`: got false; prod data is protected both in the cloud and in Pulumi. Fix: pulumi config set --path protection.deletionProtection true",
      "`protection.protect`: got false; prod data is protected both in the cloud and in Pulumi. Fix: pulumi config set --path protection.protect true",
      "`teardown.allowed`: got true; prod is never torn down on a schedule. Fix: pulumi config set --path teardown.allowed false",
    ],
  },
  {
    name: "fails on a GKE control-plane range inside the GCP network, and on equal BGP ASNs",
    stack: "staging",
    edit: (r) => {
      r.secondary.gcp.masterCidr = "10.22.0.0/28";
      r.secondary.gcp.vpn = { gcpAsn: 64512, awsAsn: 64512 };
    },
    expected: [
      '`secondary.gcp.masterCidr`: got "10.22.0.0/28", which overlaps `secondary.gcp.vpcCidr` (10.22.0.0/16); the sites are joined by VPN and replication, so their ranges must be disjoint. Fix: pulumi config set --path secondary.gcp.masterCidr 10.0.0.0/28',
      "`secondary.gcp.vpn.gcpAsn`: got 64512, the same as `secondary.gcp.vpn.awsAsn`; BGP needs a different ASN on each side. Fix: pulumi config set --path secondary.gcp.vpn.gcpAsn 64514",
    ],
  },
  {
    name: "fails on a health-check interval Route 53 does not offer",
    stack: "prod",
    edit: (r) => (r.dns.requestInterval = 20),
    expected: [
      "`dns.requestInterval`: got 20; expected 10 or 30 (Route 53 checks every 10 or 30 seconds). Fix: pulumi config set --path dns.requestInterval <value>",
    ],
  },
  {
    name: "fails on a missing Kubernetes version, never defaulting it",
    stack: "dev",
    edit: (r) => delete r.eks.version,
    expected: ["`eks.version`: missing (expected string). Fix: pulumi config set --path eks.version <string>"],
  },
];

describe("stack config: service rules", () => {
  for (const stack of ["dev", "staging", "prod"]) {
    it(`accepts the shipped ${stack} stack`, () => {
      assert.deepEqual(
        problems(stack, () => undefined),
        [],
      );
    });
  }
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(problems(c.stack, c.edit), c.expected);
    });
  }
  it("allows an unprotected dev stack that may be torn down", () => {
    const r = raw("dev");
    assert.equal(r.protection.protect, false);
    assert.equal(r.teardown.allowed, true);
    assert.deepEqual(
      problems("dev", () => undefined),
      [],
    );
  });
});
