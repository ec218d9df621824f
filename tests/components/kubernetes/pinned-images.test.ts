import { evaluate } from "@marcbachmann/cel-js";
import * as assert from "node:assert/strict";
import { repositoryOf } from "../../../components/gke/binary-authorization";
import { DIGEST_PINNED, pinnedReference, PLATFORM_IMAGES } from "../../../components/kubernetes/images";
import {
  ADMISSION_NAMESPACE_LABEL,
  notExemptCondition,
  PINNED_IMAGES_EXPRESSION,
} from "../../../components/kubernetes/pinned-images-admission";
import { FIS_POD_REQUESTERS } from "../../../components/resilience";
import { REGIONAL_HEALTH_IMAGE } from "../../../health-check/image";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { render } from "../../harness";

/**
 * Only pinned images run: every image the platform deploys is `repository:tag@sha256:digest`, an admission
 * policy on each cluster refuses anything else in the platform's namespaces (warns in dev), and GKE enforces
 * Binary Authorization over the platform's repositories. The policy's CEL is evaluated here by a CEL
 * implementation (@marcbachmann/cel-js) on pods and requests as the API server passes them; what it cannot prove
 * is the API server's own type-checking (the schema suite validates the objects), nor that the recorded digests
 * are the registries' (`npm run images` asks them at deploy time).
 */
const POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const providerName = (r: GraphResource) => r.provider.split("::")[3];

describe("Pinned images: admitted by digest only, on both clusters", function () {
  this.timeout(120_000);
  let prod: Graph;
  let prodGcp: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
    prodGcp = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
  });

  it("records every platform image with a version tag and a digest", () => {
    for (const image of [...Object.values(PLATFORM_IMAGES), REGIONAL_HEALTH_IMAGE]) {
      assert.match(image.tag, /^\d[\w.-]*$/, image.repository);
      assert.match(String(image.digest), /^sha256:[a-f0-9]{64}$/, image.repository);
    }
    assert.match(pinnedReference(PLATFORM_IMAGES.pause), DIGEST_PINNED);
  });

  it("binds a denying policy to the platform's namespaces on every cluster, and every namespace carries the label", () => {
    for (const graph of [prod, prodGcp]) {
      const clusters = new Set(
        graph.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment").map(providerName),
      );
      const bindings = graph.resources.filter((r) => r.type === BINDING);
      assert.deepEqual(new Set(bindings.map(providerName)), clusters);
      for (const binding of bindings) {
        const spec = binding.inputs.spec as Record<string, any>;
        assert.deepEqual(spec.validationActions, ["Deny"]);
        assert.deepEqual(spec.matchResources.namespaceSelector.matchLabels, ADMISSION_NAMESPACE_LABEL);
        const policy = graph.resources.find((r) => r.type === POLICY && providerName(r) === providerName(binding))!;
        assert.equal((policy.inputs.metadata as any).name, spec.policyName);
        assert.equal((policy.inputs.spec as any).validations[0].expression, PINNED_IMAGES_EXPRESSION);
        assert.equal((policy.inputs.spec as any).failurePolicy, "Fail");
      }
      for (const ns of graph.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace")) {
        const labels = (ns.inputs.metadata as any).labels ?? {};
        assert.equal(labels["app.kubernetes.io/managed-by"], "pulumi", `${ns.name} is bound`);
      }
    }
  });

  it("checks containers, init and ephemeral containers for a full sha256 digest", () => {
    for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
      assert.ok(
        PINNED_IMAGES_EXPRESSION.includes(`object.spec.${field}.all(c, c.image.matches('@sha256:[a-f0-9]{64}$'))`),
        field,
      );
    }
  });

  it("admits a pod only when every container, init and ephemeral one is pinned by a full digest (CEL evaluated)", () => {
    const pinned = `ghcr.io/stefanprodan/podinfo:6.9.2@sha256:${"a".repeat(64)}`;
    const admits = (spec: object) => evaluate(PINNED_IMAGES_EXPRESSION, { object: { spec } }) === true;
    assert.ok(admits({ containers: [{ image: pinned }] }));
    assert.ok(admits({ containers: [{ image: pinned }], initContainers: [{ image: pinned }] }));
    assert.ok(!admits({ containers: [{ image: pinned }, { image: "ghcr.io/stefanprodan/podinfo:6.9.2" }] }));
    assert.ok(!admits({ containers: [{ image: `${pinned.slice(0, -1)}` }] }), "a short digest");
    assert.ok(!admits({ containers: [{ image: pinned }], initContainers: [{ image: "busybox:1.37" }] }));
    assert.ok(!admits({ containers: [{ image: pinned }], ephemeralContainers: [{ image: "busybox" }] }));
  });

  it("exempts FIS's two pod requesters on the drilled primary, nobody else, and no requester on the secondary", () => {
    const judged = (expression: string, username: string) =>
      evaluate(expression, { request: { userInfo: { username } } }) === true;
    const condition = notExemptCondition({
      users: FIS_POD_REQUESTERS.users,
      serviceAccounts: [{ namespace: "primary-app", name: FIS_POD_REQUESTERS.serviceAccounts[0] }],
    })!;
    assert.ok(!judged(condition, "fis-experiment"));
    assert.ok(!judged(condition, "system:serviceaccount:primary-app:fis-experiments"));
    for (const user of [
      "kubernetes-admin",
      "fis-experiments",
      "system:serviceaccount:primary-app:default",
      "x:fis-experiments",
      // The same name in another namespace is not FIS's.
      "system:serviceaccount:other-team:fis-experiments",
      "system:serviceaccount:kube-system:fis-experiments",
    ]) {
      assert.ok(judged(condition, user), user);
    }
    assert.equal(notExemptCondition(undefined), undefined);
    const conditions = (g: Graph) =>
      g.resources
        .filter((r) => r.type === POLICY)
        .map((r) => [providerName(r), (r.inputs.spec as any).matchConditions])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(conditions(prod), [
      ["primary-eks-k8s", [{ name: "not-exempt-requester", expression: condition }]],
      ["secondary-eks-k8s", undefined],
    ]);
  });

  it("deploys only pinned images", () => {
    for (const graph of [prod, prodGcp]) {
      const images = graph.resources.flatMap((r) => JSON.stringify(r.inputs).match(/"image":"[^"]+"/g) ?? []);
      assert.ok(images.length > 0);
      for (const image of images) assert.match(image.slice(9, -1), DIGEST_PINNED);
    }
  });

  it("warns (and audits) in dev, where a team may try images by tag", async () => {
    const dev = await render({ stack: "dev" });
    const [binding] = dev.resources.filter((r) => r.type === BINDING);
    assert.deepEqual((binding.inputs.spec as any).validationActions, ["Warn", "Audit"]);
  });

  it("enforces Binary Authorization on GKE: Google's system images and the platform's repositories, nothing else", () => {
    const gke = prodGcp.resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
    assert.deepEqual(gke.inputs.binaryAuthorization, { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
    const [policy] = prodGcp.resources.filter((r) => r.type === "gcp:binaryauthorization/policy:Policy");
    assert.equal(policy.inputs.globalPolicyEvaluationMode, "ENABLE");
    assert.deepEqual(policy.inputs.defaultAdmissionRule, {
      evaluationMode: "ALWAYS_DENY",
      enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG",
    });
    const patterns = (policy.inputs.admissionWhitelistPatterns as { namePattern: string }[]).map((p) => p.namePattern);
    assert.ok(patterns.includes("ghcr.io/stefanprodan/podinfo:*"), patterns.join(", "));
    assert.ok(patterns.includes(`${REGIONAL_HEALTH_IMAGE.repository}:*`));
    for (const p of patterns) assert.ok(!p.includes("@") && p.endsWith(":*"), p);
  });

  it("takes an image's repository apart from its tag and digest, registry ports included", () => {
    assert.equal(repositoryOf("ghcr.io/a/b:1.2@sha256:00"), "ghcr.io/a/b");
    assert.equal(repositoryOf("localhost:5000/a/b:1.2"), "localhost:5000/a/b");
    assert.equal(repositoryOf("docker.io/library/postgres@sha256:00"), "docker.io/library/postgres");
  });
});
