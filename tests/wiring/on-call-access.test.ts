import * as assert from "node:assert/strict";
import { T } from "@dr-platform/model";
import { ofType, render } from "../harness";

/**
 * On-call must reach the Tokyo cluster with Seoul gone: the roles the stack names get an access entry with
 * cluster-admin on both EKS clusters, and the GKE secondary admits its break-glass networks besides Seoul's.
 */
describe("on-call access to both sites' clusters", () => {
  const ONCALL = "arn:aws:iam::123456789012:role/oncall";

  it("gives every eks.adminRoleArns role an access entry on the primary's and the secondary's cluster", async () => {
    const g = await render({ stack: "prod", overrides: [["eks.adminRoleArns", [ONCALL]]] });
    const entries = ofType(g, T.eksAccessEntry).filter((e) => e.inputs.principalArn === ONCALL);
    assert.deepEqual(entries.map((e) => e.region).sort(), ["ap-northeast-1", "ap-northeast-2"]);
    const policies = ofType(g, T.eksAccessPolicyAssociation).filter((p) => p.name.endsWith("-admin-oncall"));
    assert.deepEqual(policies.map((p) => [p.region, p.inputs.policyArn]).sort(), [
      ["ap-northeast-1", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"],
      ["ap-northeast-2", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"],
    ]);
  });

  it("admits the GKE control plane's break-glass networks besides the Seoul VPC", async () => {
    const g = await render({
      stack: "staging",
      overrides: [["secondary.gcp.breakGlassCidrs", [{ name: "oncall-vpn", cidr: "192.168.100.0/24" }]]],
    });
    const cluster = ofType(g, T.gkeCluster)[0]!;
    assert.deepEqual((cluster.inputs.masterAuthorizedNetworksConfig as { cidrBlocks: unknown[] }).cidrBlocks, [
      { displayName: "aws-primary", cidrBlock: "10.20.0.0/16" },
      { displayName: "oncall-vpn", cidrBlock: "192.168.100.0/24" },
    ]);
  });
});
