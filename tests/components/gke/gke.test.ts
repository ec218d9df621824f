import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  gkeProblems,
  GKE_LOG_COMPONENTS,
  NODE_SERVICE_ACCOUNT_ROLES,
  renderGkeKubeconfig,
} from "../../../components/gke";
import { cloudResources, Graph, GraphResource } from "../../../tools/offline/graph";
import { OFFLINE_GCP_PROJECT_NUMBER } from "../../../tools/offline/mocks";
import { RenderOptions } from "../../../tools/offline/render";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The Google Cloud secondary site's GKE cluster (GkeCluster) rendered under the mock engine from small
 * programs with an explicit `gcp-secondary` provider: the prod shape (private endpoint, defaults), the
 * non-default options, and a program with four mistakes.
 *
 * What mocks cannot prove: that GKE accepts these shapes and values (tsc against @pulumi/gcp checks names
 * and types, only `pulumi preview`/`up` the rest); that the project has the Kubernetes Engine, Cloud KMS and
 * IAM APIs enabled; that GKE really spreads the control plane and the pool over three zones and applies the
 * autoscaling limits per zone (GKE's documented semantics: the inputs are what is asserted); that the GKE
 * service agent can use the key (the grant is asserted, not its effect); that a runner can reach the
 * private endpoint; that `gke-gcloud-auth-plugin` authenticates. The mocks name every GCP resource's
 * project "offline-project" (the e-mails below), while the project invoke answers with the provider's.
 */

const program = (file: string): RenderOptions => ({ stack: "prod", program: path.join(TESTS_DIR, "programs", file) });
const PROD = program("gke.ts");
const OPTIONS = program("gke-options.ts");

const typeNames = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

function one(g: Graph, type: string, name: string): GraphResource {
  const found = cloudResources(g).filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

const providerUrn = (g: Graph, name: string) => g.resources.find((r) => r.custom && r.name === name)!.urn;

const GKE = [
  "gcp:container/cluster:Cluster::secondary-gke",
  "gcp:container/nodePool:NodePool::secondary-gke-nodes",
  "gcp:kms/cryptoKey:CryptoKey::secondary-gke-secrets",
  "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::secondary-gke-secrets-gke",
  "gcp:kms/keyRing:KeyRing::secondary-gke-secrets",
  ...Object.keys(NODE_SERVICE_ACCOUNT_ROLES).map((k) => `gcp:projects/iAMMember:IAMMember::secondary-gke-nodes-${k}`),
  "gcp:serviceaccount/account:Account::secondary-gke-nodes",
].sort();

describe("GKE cluster (Google Cloud secondary)", () => {
  let prod: Graph;
  let options: Graph;
  before(async () => {
    prod = await render(PROD);
    options = await render(OPTIONS);
  });

  it("registers exactly these resources, all on the gcp-secondary provider, with the same names in every stack", async () => {
    assert.deepEqual(typeNames(under(prod, "secondary-gke")), GKE);
    const gcpProvider = providerUrn(prod, "gcp-secondary");
    for (const r of cloudResources(prod)) {
      assert.notEqual(r.provider, "", `${r.name} uses a default provider`);
      assert.equal(r.provider, gcpProvider, `${r.type} ${r.name} is on gcp-secondary`);
    }
    const staging = await render({ ...PROD, stackName: "staging" });
    assert.deepEqual(typeNames(cloudResources(staging)), typeNames(cloudResources(prod)));
    assert.deepEqual(typeNames(under(options, "secondary-gke")), GKE);
  });

  it("is regional: the location is the region (never a zone) and the default node pool is removed", () => {
    const c = one(prod, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.equal(c.location, "asia-northeast1");
    assert.equal(c.nodeLocations, undefined, "GKE picks three zones of the region");
    assert.deepEqual([c.removeDefaultNodePool, c.initialNodeCount, c.name], [true, 1, "secondary-gke-prod"]);
    assert.deepEqual(one(options, "gcp:container/cluster:Cluster", "secondary-gke").inputs.nodeLocations, [
      "asia-northeast3-a",
      "asia-northeast3-b",
      "asia-northeast3-c",
    ]);
  });

  it("is VPC-native on the network's secondary ranges, with private nodes and a private endpoint only", () => {
    const c = one(prod, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.equal(c.network, "projects/dr-platform-prod/global/networks/secondary-network-prod");
    assert.equal(
      c.subnetwork,
      "projects/dr-platform-prod/regions/asia-northeast1/subnetworks/secondary-network-nodes-prod",
    );
    assert.equal(c.networkingMode, "VPC_NATIVE");
    assert.deepEqual(c.ipAllocationPolicy, {
      clusterSecondaryRangeName: "pods",
      servicesSecondaryRangeName: "services",
    });
    assert.deepEqual(c.privateClusterConfig, {
      enablePrivateNodes: true,
      enablePrivateEndpoint: true,
      masterIpv4CidrBlock: "172.16.0.0/28",
    });
    assert.deepEqual(c.masterAuthorizedNetworksConfig, {
      cidrBlocks: [{ displayName: "aws-primary-vpc", cidrBlock: "10.0.0.0/16" }],
      gcpPublicCidrsAccessEnabled: false,
    });
    // With Seoul and the VPN gone, the DNS-based endpoint is the way in: IAM decides, not the network.
    assert.deepEqual(c.controlPlaneEndpointsConfig, { dnsEndpointConfig: { allowExternalTraffic: true } });
  });

  it("turns on Workload Identity for the provider's project, the release channel, deletion protection, Shielded nodes and Dataplane V2", () => {
    const c = one(prod, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.deepEqual(c.workloadIdentityConfig, { workloadPool: "dr-platform-prod.svc.id.goog" });
    assert.deepEqual(c.releaseChannel, { channel: "REGULAR" });
    assert.equal(c.deletionProtection, true);
    assert.equal(c.enableShieldedNodes, true);
    assert.equal(c.datapathProvider, "ADVANCED_DATAPATH");
    assert.deepEqual(c.resourceLabels, { environment: "prod", "managed-by": "pulumi" });
    assert.deepEqual(prod.outputs.cluster, {
      clusterName: "secondary-gke-prod",
      endpoint: "172.16.0.2",
      workloadPool: "dr-platform-prod.svc.id.goog",
      nodeServiceAccountEmail: "secondary-gke-nodes-prod@offline-project.iam.gserviceaccount.com",
      secretsKeyId: "secondary-gke-secrets-id",
    });
  });

  it("encrypts Secrets with a rotating regional key that only the GKE service agent may use, granted before the cluster", () => {
    const cluster = one(prod, "gcp:container/cluster:Cluster", "secondary-gke");
    const ring = one(prod, "gcp:kms/keyRing:KeyRing", "secondary-gke-secrets");
    const key = one(prod, "gcp:kms/cryptoKey:CryptoKey", "secondary-gke-secrets");
    const grant = one(prod, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "secondary-gke-secrets-gke");
    assert.equal(ring.inputs.location, "asia-northeast1");
    assert.equal(ring.inputs.name, undefined, "autonamed: Cloud KMS never deletes a key ring");
    assert.deepEqual(
      [key.inputs.keyRing, key.inputs.purpose, key.inputs.rotationPeriod],
      ["secondary-gke-secrets-id", "ENCRYPT_DECRYPT", "7776000s"],
    );
    assert.deepEqual(grant.inputs, {
      cryptoKeyId: "secondary-gke-secrets-id",
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:service-${OFFLINE_GCP_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
    });
    assert.deepEqual(cluster.inputs.databaseEncryption, { state: "ENCRYPTED", keyName: "secondary-gke-secrets-id" });
    assert.ok(cluster.dependsOn.includes(grant.urn), "the agent can use the key when the cluster is created");
  });

  it("logs system, workload and control-plane components, scrapes with managed Prometheus, runs HPA and not VPA", () => {
    const c = one(prod, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.deepEqual(c.loggingConfig, { enableComponents: GKE_LOG_COMPONENTS });
    assert.deepEqual(GKE_LOG_COMPONENTS, [
      "SYSTEM_COMPONENTS",
      "WORKLOADS",
      "APISERVER",
      "CONTROLLER_MANAGER",
      "SCHEDULER",
    ]);
    assert.deepEqual(c.monitoringConfig, {
      enableComponents: ["SYSTEM_COMPONENTS"],
      managedPrometheus: { enabled: true },
    });
    assert.deepEqual(c.verticalPodAutoscaling, { enabled: false });
    assert.deepEqual(c.addonsConfig, {
      horizontalPodAutoscaling: { disabled: false },
      httpLoadBalancing: { disabled: false },
    });
  });

  it("turns on the Gateway API's standard channel and the HTTP load balancing add-on the GKE Gateway needs", () => {
    const c = one(prod, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.deepEqual(c.gatewayApiConfig, { channel: "CHANNEL_STANDARD" });
    assert.deepEqual((c.addonsConfig as any).httpLoadBalancing, { disabled: false });
  });

  it("exposes a secret kubeconfig with no credential and a Kubernetes provider that waits for the cluster", () => {
    assert.equal(prod.outputs.kubeconfig, "[secret]");
    const provider = prod.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    assert.equal(provider.name, "secondary-gke-k8s");
    assert.equal(provider.inputs.kubeconfig, "[secret]");
    assert.ok(provider.dependsOn.includes(one(prod, "gcp:container/cluster:Cluster", "secondary-gke").urn));
  });

  it("honours the non-default choices: public endpoint for listed networks only, STABLE, no protection, legacy dataplane", () => {
    const c = one(options, "gcp:container/cluster:Cluster", "secondary-gke").inputs;
    assert.equal(c.location, "asia-northeast3");
    assert.deepEqual(c.privateClusterConfig, {
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
      masterIpv4CidrBlock: "172.16.0.16/28",
    });
    assert.deepEqual(c.masterAuthorizedNetworksConfig, {
      cidrBlocks: [{ displayName: "ci-runners", cidrBlock: "203.0.113.0/24" }],
      gcpPublicCidrsAccessEnabled: false,
    });
    assert.deepEqual(c.controlPlaneEndpointsConfig, { dnsEndpointConfig: { allowExternalTraffic: false } });
    assert.deepEqual(
      [c.releaseChannel, c.deletionProtection, c.datapathProvider],
      [{ channel: "STABLE" }, false, "LEGACY_DATAPATH"],
    );
    assert.deepEqual(c.workloadIdentityConfig, { workloadPool: "dr-platform-staging.svc.id.goog" });
  });
});

describe("GKE node pool", () => {
  let prod: Graph;
  let options: Graph;
  before(async () => {
    prod = await render(PROD);
    options = await render(OPTIONS);
  });

  it("autoscales each zone between min and max, balanced, and never fights the autoscaler over node counts", () => {
    const pool = one(prod, "gcp:container/nodePool:NodePool", "secondary-gke-nodes");
    assert.equal(pool.inputs.cluster, "secondary-gke-id");
    assert.equal(pool.inputs.location, "asia-northeast1");
    assert.equal(pool.inputs.name, undefined, "autonamed, so a replacement is created before the old pool goes");
    assert.deepEqual(pool.inputs.autoscaling, { minNodeCount: 1, maxNodeCount: 3, locationPolicy: "BALANCED" });
    assert.equal(pool.inputs.initialNodeCount, 1);
    assert.equal(pool.inputs.nodeCount, undefined);
    assert.deepEqual(pool.ignoreChanges, ["initialNodeCount", "nodeCount"]);
    const spot = one(options, "gcp:container/nodePool:NodePool", "secondary-gke-nodes");
    assert.deepEqual(spot.inputs.autoscaling, { minNodeCount: 0, maxNodeCount: 2, locationPolicy: "BALANCED" });
    assert.equal(spot.inputs.initialNodeCount, 1, "at least one node per zone at creation, for system pods");
    assert.deepEqual((spot.inputs.nodeConfig as any).spot, true);
    assert.deepEqual((spot.inputs.nodeConfig as any).diskSizeGb, 50);
  });

  it("repairs and upgrades nodes automatically, surging one node and never removing one first", () => {
    const pool = one(prod, "gcp:container/nodePool:NodePool", "secondary-gke-nodes");
    assert.deepEqual(pool.inputs.management, { autoRepair: true, autoUpgrade: true });
    assert.deepEqual(pool.inputs.upgradeSettings, { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
  });

  it("runs nodes as a dedicated least-privilege service account, with GKE_METADATA and Shielded VMs", () => {
    const pool = one(prod, "gcp:container/nodePool:NodePool", "secondary-gke-nodes");
    const account = one(prod, "gcp:serviceaccount/account:Account", "secondary-gke-nodes");
    assert.equal(account.inputs.accountId, "secondary-gke-nodes-prod");
    const email = "secondary-gke-nodes-prod@offline-project.iam.gserviceaccount.com";
    assert.deepEqual(pool.inputs.nodeConfig, {
      machineType: "e2-standard-4",
      diskSizeGb: 100,
      diskType: "pd-balanced",
      imageType: "COS_CONTAINERD",
      spot: false,
      serviceAccount: email,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      metadata: { "disable-legacy-endpoints": "true" },
      resourceLabels: { environment: "prod", "managed-by": "pulumi" },
    });
    const grants = under(prod, "secondary-gke").filter((r) => r.type === "gcp:projects/iAMMember:IAMMember");
    assert.deepEqual(
      grants.map((g) => g.inputs).sort((a, b) => String(a.role).localeCompare(String(b.role))),
      [
        "roles/artifactregistry.reader",
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
        "roles/monitoring.viewer",
      ].map((role) => ({ project: "dr-platform-prod", role, member: `serviceAccount:${email}` })),
    );
    for (const g of grants) {
      assert.ok(pool.dependsOn.includes(g.urn), `the pool waits for ${g.name}`);
    }
  });
});

describe("GKE validation and helpers", () => {
  it("fails with one ResourceError listing every GkeCluster problem, with the fix for each", async () => {
    await assert.rejects(render(program("gke-invalid.ts")), (err: Error) => {
      assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
      assert.equal(
        err.message,
        [
          "GkeCluster secondary-gke has invalid args (4 problems):",
          '  - `location`: got "asia-northeast1-a", a zone; a zonal cluster runs one control-plane replica and cannot become regional later. Fix: pass the region "asia-northeast1"',
          '  - `masterIpv4CidrBlock`: got "172.16.0.0/24", which is not a /28, the only size GKE takes. Fix: pass an unused private /28 outside every site range, e.g. "172.16.0.0/28"',
          "  - `masterAuthorizedNetworks`: is empty with `privateEndpoint: false`; the public endpoint would be reachable from no network. Fix: list the CIDRs that may reach the public endpoint, or keep the private endpoint only",
          "  - `nodePool.minNodesPerZone`: got 4, above `nodePool.maxNodesPerZone` (2). Fix: pass a minimum of at most 2, or raise the maximum",
        ].join("\n"),
      );
      return true;
    });
  });

  const valid = {
    location: "asia-northeast1",
    masterIpv4CidrBlock: "172.16.0.0/28",
    masterAuthorizedNetworks: [],
    privateEndpoint: true,
    nodePool: { minNodesPerZone: 1, maxNodesPerZone: 3, diskSizeGb: 100 },
  };

  it("accepts the defaults", () => {
    assert.deepEqual(gkeProblems(valid), []);
  });

  for (const [label, change, path] of [
    ["a location that is no region", { location: "tokyo" }, "location"],
    ["a zone of another region", { nodeLocations: ["asia-northeast3-a", "asia-northeast1-b"] }, "nodeLocations"],
    ["a single node zone", { nodeLocations: ["asia-northeast1-a"] }, "nodeLocations"],
    [
      "a malformed authorized network",
      { masterAuthorizedNetworks: [{ displayName: "x", cidrBlock: "10.0.0.1/16" }] },
      "masterAuthorizedNetworks[0].cidrBlock",
    ],
    [
      "a negative minimum",
      { nodePool: { minNodesPerZone: -1, maxNodesPerZone: 3, diskSizeGb: 100 } },
      "nodePool.minNodesPerZone",
    ],
    [
      "a tiny boot disk",
      { nodePool: { minNodesPerZone: 1, maxNodesPerZone: 3, diskSizeGb: 5 } },
      "nodePool.diskSizeGb",
    ],
  ] as const) {
    it(`fails on ${label}`, () => {
      assert.deepEqual(
        gkeProblems({ ...valid, ...change }).map((p) => p.path),
        [path],
      );
    });
  }

  it("renders a kubeconfig that authenticates with gke-gcloud-auth-plugin and holds no credential", () => {
    const config = JSON.parse(
      renderGkeKubeconfig({
        clusterName: "c1",
        endpoint: "172.16.0.2",
        clusterCaCertificate: "Q0E=",
        project: "p1",
        location: "asia-northeast1",
      }),
    );
    assert.equal(config["current-context"], "gke_p1_asia-northeast1_c1");
    assert.deepEqual(config.clusters[0].cluster, {
      server: "https://172.16.0.2",
      "certificate-authority-data": "Q0E=",
    });
    const user = config.users[0].user;
    assert.deepEqual(Object.keys(user), ["exec"], "no token, certificate or password");
    assert.equal(user.exec.command, "gke-gcloud-auth-plugin");
    assert.equal(user.exec.apiVersion, "client.authentication.k8s.io/v1beta1");
    assert.equal(user.exec.provideClusterInfo, true);
  });

  it("names the DNS-based endpoint, with no CA, when the cluster has one: its certificate is publicly trusted", () => {
    const config = JSON.parse(
      renderGkeKubeconfig({
        clusterName: "c1",
        endpoint: "172.16.0.2",
        clusterCaCertificate: "Q0E=",
        project: "p1",
        location: "asia-northeast1",
        dnsEndpoint: "gke-0123abcd.asia-northeast1.gke.goog",
      }),
    );
    assert.deepEqual(config.clusters[0].cluster, { server: "https://gke-0123abcd.asia-northeast1.gke.goog" });
  });
});
