import * as assert from "node:assert/strict";
import { AUTOSCALER_FLAGS, CONTROL_PLANE_LOG_TYPES, amiTypeFor, renderKubeconfig } from "../../../components/eks";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { ofTypeIn, render, under } from "../../harness";

/**
 * The primary site's EKS cluster as the real program renders it for prod and dev. Mocks prove what the
 * program asks EKS for (subnets, endpoint, logs, encryption, sizes, flags), not that EKS, the Helm chart
 * or the autoscaler accept it.
 */

const only = (resources: GraphResource[]) => {
  assert.equal(resources.length, 1, "exactly one");
  return resources[0];
};

describe("EKS control plane", () => {
  let prod: Graph;
  let dev: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
    dev = await render({ stack: "dev" });
  });

  it("places the control plane in the private subnet of every AZ, with the private endpoint only", () => {
    const cluster = only(ofTypeIn(prod, "primary", "aws:eks/cluster:Cluster"));
    assert.deepEqual(cluster.inputs.vpcConfig, {
      subnetIds: ["primary-network-private-az1-id", "primary-network-private-az2-id", "primary-network-private-az3-id"],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
    assert.equal(cluster.inputs.version, "1.34");
  });

  it("limits a public endpoint to the configured CIDRs when there are any", async () => {
    const open = await render({ stack: "dev", overrides: [["eks.publicAccessCidrs", ["203.0.113.0/24"]]] });
    const cluster = only(ofTypeIn(open, "primary", "aws:eks/cluster:Cluster"));
    assert.equal((cluster.inputs.vpcConfig as any).endpointPublicAccess, true);
    assert.deepEqual((cluster.inputs.vpcConfig as any).publicAccessCidrs, ["203.0.113.0/24"]);
  });

  it("sends all five control-plane log types to an audit log group kept as the environment's profile says", () => {
    // The Kubernetes audit log is among the streams: a year in prod, the stack's own retention in dev.
    for (const [graph, days] of [
      [prod, 365],
      [dev, 7],
    ] as const) {
      const cluster = only(ofTypeIn(graph, "primary", "aws:eks/cluster:Cluster"));
      assert.deepEqual(cluster.inputs.enabledClusterLogTypes, [...CONTROL_PLANE_LOG_TYPES]);
      const group = under(graph, "primary-eks").find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!;
      assert.equal(group.inputs.name, `/aws/eks/${cluster.inputs.name}/cluster`);
      assert.equal(group.inputs.retentionInDays, days);
      assert.ok(cluster.dependsOn.includes(group.urn), "the group exists before EKS writes to it");
    }
  });

  it("encrypts Secrets with a rotating customer key and authenticates through access entries", () => {
    const cluster = only(ofTypeIn(prod, "primary", "aws:eks/cluster:Cluster"));
    const key = under(prod, "primary-eks").find((r) => r.type === "aws:kms/key:Key")!;
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.deepEqual(cluster.inputs.encryptionConfig, {
      provider: { keyArn: `arn:aws:kms:ap-northeast-2:123456789012:key/${key.name}` },
      resources: ["secrets"],
    });
    assert.deepEqual(cluster.inputs.accessConfig, {
      authenticationMode: "API",
      bootstrapClusterCreatorAdminPermissions: true,
    });
  });

  it("pays for EXTENDED support and registers zonal shift only in prod; protects prod from deletion", () => {
    const p = only(ofTypeIn(prod, "primary", "aws:eks/cluster:Cluster")).inputs;
    const d = only(ofTypeIn(dev, "primary", "aws:eks/cluster:Cluster")).inputs;
    assert.deepEqual(
      [p.upgradePolicy, p.zonalShiftConfig, p.deletionProtection],
      [{ supportType: "EXTENDED" }, { enabled: true }, true],
    );
    assert.deepEqual(
      [d.upgradePolicy, d.zonalShiftConfig, d.deletionProtection],
      [{ supportType: "STANDARD" }, { enabled: false }, false],
    );
  });

  it("gives each configured admin role an access entry with the cluster-admin policy", async () => {
    const arn = "arn:aws:iam::123456789012:role/platform-admin";
    const graph = await render({ stack: "dev", overrides: [["eks.adminRoleArns", [arn]]] });
    assert.equal(only(ofTypeIn(graph, "primary", "aws:eks/accessEntry:AccessEntry")).inputs.principalArn, arn);
    const association = only(ofTypeIn(graph, "primary", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"));
    assert.equal(association.name, "primary-eks-admin-platform-admin");
    assert.equal(association.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
    assert.deepEqual(association.inputs.accessScope, { type: "cluster" });
  });

  it("installs the managed add-ons: networking with the control plane, the rest after the nodes", () => {
    const addons = ofTypeIn(prod, "primary", "aws:eks/addon:Addon")
      .map((a) => a.inputs.addonName)
      .sort();
    assert.deepEqual(addons, [
      "amazon-cloudwatch-observability",
      "aws-ebs-csi-driver",
      "coredns",
      "eks-pod-identity-agent",
      "kube-proxy",
      "metrics-server",
      "vpc-cni",
    ]);
    const nodeGroups = ofTypeIn(prod, "primary", "aws:eks/nodeGroup:NodeGroup").map((n) => n.urn);
    for (const addon of under(prod, "primary-addons").filter((r) => r.type === "aws:eks/addon:Addon")) {
      const component = prod.resources.find((r) => r.urn === addon.parent)!;
      assert.deepEqual(
        nodeGroups.filter((n) => !component.dependsOn.includes(n)),
        [],
        `${addon.name} waits for every node group`,
      );
    }
    const ebs = ofTypeIn(prod, "primary", "aws:eks/addon:Addon").find(
      (a) => a.inputs.addonName === "aws-ebs-csi-driver",
    )!;
    assert.deepEqual(ebs.inputs.podIdentityAssociations, [
      { roleArn: "arn:aws:iam::123456789012:role/primary-addons-ebs-csi", serviceAccount: "ebs-csi-controller-sa" },
    ]);
  });

  it("exposes a kubeconfig that is secret and holds no credential, and a provider for in-cluster resources", () => {
    assert.equal(prod.outputs.primaryKubeconfig, "[secret]");
    const provider = only(
      prod.resources.filter((r) => r.type === "pulumi:providers:kubernetes" && r.name === "primary-eks-k8s"),
    );
    assert.equal(provider.inputs.kubeconfig, "[secret]");
    for (const release of ofTypeIn(prod, "primary", "kubernetes:helm.sh/v3:Release")) {
      assert.equal(release.provider, provider.urn);
    }
  });
});

describe("EKS node groups", () => {
  let prod: Graph;
  let dev: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
    dev = await render({ stack: "dev" });
  });

  it("creates one managed node group per AZ with the configured sizes, ignoring desiredSize drift", () => {
    for (const [graph, azs, sizes] of [
      [prod, 3, { minSize: 2, desiredSize: 2, maxSize: 6 }],
      [dev, 2, { minSize: 1, desiredSize: 1, maxSize: 3 }],
    ] as const) {
      const groups = ofTypeIn(graph, "primary", "aws:eks/nodeGroup:NodeGroup").sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      assert.deepEqual(
        groups.map((g) => [g.inputs.nodeGroupName, g.inputs.subnetIds]),
        Array.from({ length: azs }, (_, i) => [`general-az${i + 1}`, [`primary-network-private-az${i + 1}-id`]]),
      );
      for (const g of groups) {
        assert.deepEqual(g.inputs.scalingConfig, sizes);
        assert.deepEqual(g.ignoreChanges, ["scalingConfig.desiredSize"]);
        assert.deepEqual(g.inputs.nodeRepairConfig, { enabled: true });
        assert.equal(g.inputs.amiType, "AL2023_x86_64_STANDARD");
        const tags = g.inputs.tags as Record<string, string>;
        assert.equal(tags["k8s.io/cluster-autoscaler/enabled"], "true");
        assert.equal(tags[`k8s.io/cluster-autoscaler/primary-eks-${graph.stack}`], "owned");
      }
    }
    assert.equal(ofTypeIn(dev, "primary", "aws:eks/nodeGroup:NodeGroup")[0].inputs.capacityType, "SPOT");
  });

  it("launches nodes with IMDSv2 only, hop limit 1, and root volumes encrypted under a rotating customer key", () => {
    const template = only(ofTypeIn(prod, "primary", "aws:ec2/launchTemplate:LaunchTemplate"));
    assert.deepEqual(template.inputs.metadataOptions, {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    });
    const key = under(prod, "primary-nodes").find((r) => r.type === "aws:kms/key:Key")!;
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.deepEqual(template.inputs.blockDeviceMappings, [
      {
        deviceName: "/dev/xvda",
        ebs: {
          volumeSize: 50,
          volumeType: "gp3",
          encrypted: "true",
          kmsKeyId: `arn:aws:kms:ap-northeast-2:123456789012:key/${key.name}`,
          deleteOnTermination: "true",
        },
      },
    ]);
    const policy = JSON.parse(String(key.inputs.policy));
    assert.deepEqual(policy.Statement[1].Condition, {
      StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "ec2.ap-northeast-2.amazonaws.com" },
    });
  });
});

describe("Cluster Autoscaler", () => {
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });

  it("is installed by Helm at the pinned chart version with auto-discovery and the HA flags", () => {
    const release = only(
      ofTypeIn(prod, "primary", "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === "cluster-autoscaler"),
    );
    assert.equal(release.inputs.version, "9.53.0");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://kubernetes.github.io/autoscaler" });
    const values = release.inputs.values as Record<string, any>;
    assert.deepEqual(values.autoDiscovery, { clusterName: "primary-eks-prod" });
    assert.equal(values.awsRegion, "ap-northeast-2");
    assert.equal(values.replicaCount, 2);
    assert.deepEqual(values.extraArgs, AUTOSCALER_FLAGS);
    assert.equal(values.extraArgs["balance-similar-node-groups"], true);
  });

  it("may resize only the Auto Scaling groups tagged as this cluster's, through Pod Identity", () => {
    const policy = JSON.parse(
      String(
        only(under(prod, "primary-cluster-autoscaler").filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")).inputs
          .policy,
      ),
    );
    const write = policy.Statement.find((s: any) => s.Sid === "ResizeOwnGroupsOnly");
    assert.deepEqual(write.Action, [
      "autoscaling:SetDesiredCapacity",
      "autoscaling:TerminateInstanceInAutoScalingGroup",
    ]);
    assert.deepEqual(write.Condition, {
      StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/primary-eks-prod": "owned" },
    });
    const association = only(
      ofTypeIn(prod, "primary", "aws:eks/podIdentityAssociation:PodIdentityAssociation").filter(
        (a) => a.name === "primary-cluster-autoscaler",
      ),
    );
    assert.deepEqual(
      [association.inputs.namespace, association.inputs.serviceAccount],
      ["kube-system", "cluster-autoscaler"],
    );
  });
});

describe("EKS helpers", () => {
  it("renders a kubeconfig that authenticates with `aws eks get-token`", () => {
    const config = JSON.parse(
      renderKubeconfig({
        clusterName: "c1",
        endpoint: "https://x",
        certificateAuthority: "Q0E=",
        region: "ap-northeast-1",
      }),
    );
    assert.equal(config.clusters[0].cluster.server, "https://x");
    assert.equal(config.clusters[0].cluster["certificate-authority-data"], "Q0E=");
    assert.deepEqual(config.users[0].user.exec.args, [
      "eks",
      "get-token",
      "--cluster-name",
      "c1",
      "--region",
      "ap-northeast-1",
      "--output",
      "json",
    ]);
  });

  it("picks the AMI family from the instance types", () => {
    assert.equal(amiTypeFor(["m6i.large", "m5.large"]), "AL2023_x86_64_STANDARD");
    assert.equal(amiTypeFor(["m7g.large", "c6gn.xlarge"]), "AL2023_ARM_64_STANDARD");
  });

  it("fails on a group that mixes ARM and x86 instance types", () => {
    assert.throws(() => amiTypeFor(["m7g.large", "m6i.large"]), /mix ARM \(Graviton\) and x86/);
  });
});
