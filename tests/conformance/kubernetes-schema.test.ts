import * as assert from "node:assert/strict";
import { GraphResource } from "../../tools/offline/graph";
import { render, VARIANTS } from "../harness";
import {
  CRD_PACKAGES,
  GATEWAY_API,
  GKE,
  installedVersion,
  KUBERNETES_NEWER,
  KUBERNETES_OLDER,
  RenderedObject,
  renderedObjects,
  SchemaPackage,
  Validate,
  validateObject,
  validatorFor,
} from "./kubernetes-schema";

/**
 * Every Kubernetes object the stacks create, as Pulumi sends it (the rendered inputs), against the schemas of
 * the versions the clusters run, published by kubernetes-models (helper: ./kubernetes-schema.ts):
 *
 * - built-in kinds against Kubernetes 1.33's and 1.36's OpenAPI documents. No package publishes 1.34's, the
 *   EKS pin (stack config `eks.version`); GKE follows the REGULAR channel (`secondary.gcp.releaseChannel`),
 *   which {@link GKE_CHANNEL} stands for. An object valid under both uses no field newer than 1.33 (a field
 *   of a GA version is never removed, so it exists in 1.34 and later) and fits 1.36's types and enums. Fields
 *   of the kinds used here that differ between the two: PodSpec `hostnameOverride`, `schedulingGroup`;
 *   Container `restartPolicyRules`; EnvVarSource `fileKeyRef`; VolumeProjection `podCertificate` (and status
 *   fields), all in 1.36 only;
 * - custom resources against their CRDs' schemas: Gateway API (v1.5's types; GKE installs the standard
 *   channel, whose kinds and fields used here are GA since v1.0) and GKE's networking.gke.io policies
 *   (gke-gateway-api v1.4.0's CRDs). The TargetGroupBinding has no published schema: {@link NOT_VALIDATED}.
 *
 * Any field the schema does not declare fails, as under kubectl's default strict field validation (with
 * "Warn" or "Ignore" the API server drops it instead: a misspelt setting never takes effect either way).
 *
 * What stays invisible offline: the objects inside Helm releases (the Cluster Autoscaler's and the AWS Load
 * Balancer Controller's charts, their CRDs included: Helm renders them at deploy time); what the API server
 * adds (defaults) or checks beyond the OpenAPI schema (name formats, immutable fields, CEL rules of CRDs);
 * admission webhooks (the Load Balancer Controller's, GKE's Gateway controller's) and policies; inputs held
 * as secrets (the database setup Secret's stringData); and whether the referenced objects exist.
 */

/** The minors the two built-in schemas are generated from: every cluster's version must lie between them. */
const OLDEST = "1.33";
const NEWEST = "1.36";

/**
 * The version that stands for each GKE release channel. REGULAR has no fixed minor: it moves to a new one
 * some months after upstream releases it, about two minors behind upstream's newest
 * (https://cloud.google.com/kubernetes-engine/docs/release-schedule; not readable offline, so a
 * projection): 1.35. The bracket above also covers 1.36, should the channel move on while this pin holds.
 */
const GKE_CHANNEL: Readonly<Record<string, string>> = { REGULAR: "1.35" };

/** Custom resources no maintained source publishes a schema for, and why. */
const NOT_VALIDATED: Readonly<Record<string, string>> = {
  "elbv2.k8s.aws/v1beta1 TargetGroupBinding":
    "its CRD ships only inside the AWS Load Balancer Controller's Helm chart (crds/crds.yaml), fetched at deploy time; no npm package publishes it",
};

/** Inputs Pulumi holds as secrets, whose values a render shows only as "[secret]". */
const SECRET_INPUTS = ["Secret /stringData"];

/**
 * The shipped stacks and prod with either secondary (the suites' VARIANTS). dev with a Google Cloud secondary
 * renders the same objects as dev (backup-restore runs no GKE cluster), so it adds nothing here.
 */
const RENDERS = VARIANTS;

const minor = (v: string): number => Number(/^1\.(\d+)$/.exec(v)?.[1] ?? NaN);
const within = (v: string): boolean => minor(v) >= minor(OLDEST) && minor(v) <= minor(NEWEST);

/** The packages whose schemas judge an object: both built-in versions, or its CRD's. */
function packagesFor(o: { apiVersion: string }): SchemaPackage[] {
  const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  const crd = CRD_PACKAGES[group];
  return crd ? [crd] : [KUBERNETES_OLDER, KUBERNETES_NEWER];
}

const ofType = (resources: GraphResource[], type: string) => resources.filter((r) => r.type === type);

describe("Kubernetes conformance: every rendered object against the OpenAPI schema of its cluster's version", function () {
  this.timeout(120_000);

  it("pins the schema packages, and their versions bracket every cluster's", async () => {
    for (const pkg of [KUBERNETES_OLDER, KUBERNETES_NEWER, GATEWAY_API, GKE]) {
      assert.equal(`${pkg.published.replace(/@[^@]+$/, "")}@${installedVersion(pkg)}`, pkg.published);
    }
    assert.equal(KUBERNETES_OLDER.generatedFrom, `Kubernetes ${OLDEST}`);
    assert.equal(KUBERNETES_NEWER.generatedFrom, `Kubernetes ${NEWEST}`);
    let eks = 0;
    let gke = 0;
    for (const variant of RENDERS) {
      const g = await render(variant.options);
      for (const cluster of ofType(g.resources, "aws:eks/cluster:Cluster")) {
        eks++;
        const version = String(cluster.inputs.version);
        assert.ok(within(version), `${variant.label} ${cluster.name}: EKS ${version} is outside ${OLDEST}..${NEWEST}`);
      }
      for (const cluster of ofType(g.resources, "gcp:container/cluster:Cluster")) {
        gke++;
        const channel = String((cluster.inputs.releaseChannel as { channel?: string } | undefined)?.channel);
        const standIn = GKE_CHANNEL[channel];
        assert.ok(standIn, `${variant.label} ${cluster.name}: no version stands for GKE's ${channel} channel`);
        assert.ok(within(standIn), `GKE ${channel} (${standIn}) is outside ${OLDEST}..${NEWEST}`);
      }
    }
    assert.ok(eks >= 5 && gke >= 2, `${eks} EKS and ${gke} GKE clusters rendered`);
  });

  it("finds no schema violation and no undeclared field in any object of any stack", async () => {
    const problems: string[] = [];
    const freeForm: string[] = [];
    const unvalidated = new Set<string>();
    const secrets = new Set<string>();
    const kinds = new Set<string>();
    for (const variant of RENDERS) {
      const g = await render(variant.options);
      let validated = 0;
      for (const o of renderedObjects(g.resources)) {
        o.secrets.forEach((s) => secrets.add(`${o.kind} ${s}`));
        const checks = packagesFor(o).map((pkg) => ({ pkg, validate: validatorFor(pkg, o.apiVersion, o.kind) }));
        if (checks.some((c) => !c.validate)) {
          unvalidated.add(`${o.apiVersion} ${o.kind}`);
          continue;
        }
        for (const { pkg, validate } of checks) {
          const verdict = validateObject(validate!, o.manifest);
          const where = `${variant.label}: ${o.kind} ${o.name} (${pkg.generatedFrom})`;
          problems.push(...verdict.problems.map((p) => `${where} ${p}`));
          freeForm.push(...verdict.freeForm.map((p) => `${where} ${p}`));
        }
        validated++;
        kinds.add(`${o.apiVersion} ${o.kind}`);
      }
      assert.ok(validated >= 25, `${variant.label}: only ${validated} objects validated`);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(freeForm, [], "objects whose schema declares no field are not judged");
    assert.deepEqual([...unvalidated].sort(), Object.keys(NOT_VALIDATED).sort(), "a kind with no schema, not listed");
    assert.deepEqual([...secrets].sort(), SECRET_INPUTS);
    for (const kind of [
      "apps/v1 Deployment",
      "gateway.networking.k8s.io/v1 HTTPRoute",
      "networking.gke.io/v1 GCPBackendPolicy",
    ]) {
      assert.ok(kinds.has(kind), `${kind} was never validated`);
    }
  });

  describe("catches a mistake of each family", () => {
    let objects: RenderedObject[];
    before(async () => {
      objects = renderedObjects((await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] })).resources);
    });

    /** The problems each schema finds in a copy of the rendered object `name` of `kind`, after `edit`. */
    function judge(kind: string, name: string, edit: (m: Record<string, any>) => void): Map<string, string[]> {
      const o = objects.find((x) => x.kind === kind && x.name === name);
      assert.ok(o, `no ${kind} ${name}`);
      const manifest = structuredClone(o.manifest);
      edit(manifest);
      const out = new Map<string, string[]>();
      for (const pkg of packagesFor(o)) {
        const validate: Validate = validatorFor(pkg, o.apiVersion, o.kind)!;
        assert.deepEqual(validateObject(validate, o.manifest).problems, [], "the unedited object must pass");
        out.set(pkg.generatedFrom, validateObject(validate, manifest).problems);
      }
      return out;
    }
    const rename = (o: Record<string, unknown>, from: string, to: string) => {
      o[to] = o[from];
      delete o[from];
    };
    function expectEverywhere(found: Map<string, string[]>, expected: string) {
      for (const [schema, problems] of found) {
        assert.ok(problems.includes(expected), `${schema}: ${JSON.stringify(problems)}`);
      }
    }

    it("built-in: a misspelt field in a Deployment's pod template", () => {
      const found = judge("Deployment", "primary-app", (m) =>
        rename(m.spec.template.spec.containers[0], "readinessProbe", "readinesProbe"),
      );
      expectEverywhere(found, '/spec/template/spec/containers/0/readinesProbe: unknown field "readinesProbe"');
    });

    it("built-in: a misspelt field in an object's metadata", () => {
      const found = judge("Service", "primary-app", (m) => rename(m.metadata, "labels", "lables"));
      expectEverywhere(found, '/metadata/lables: unknown field "lables"');
    });

    it("built-in: a value of the wrong type, an int-or-string that is neither, a value outside an enum", () => {
      expectEverywhere(
        judge("Deployment", "primary-app", (m) => (m.spec.replicas = "2")),
        "/spec/replicas: must be integer",
      );
      expectEverywhere(
        judge("Deployment", "primary-app", (m) => (m.spec.strategy.rollingUpdate.maxSurge = true)),
        '/spec/strategy/rollingUpdate/maxSurge: must match exactly one schema in "oneOf"',
      );
      expectEverywhere(
        judge("Service", "primary-app", (m) => (m.spec.type = "Clusterip")),
        "/spec/type: must be equal to one of the allowed values (ClusterIP,ExternalName,LoadBalancer,NodePort)",
      );
    });

    it("built-in: a field newer than the oldest version in the bracket", () => {
      const found = judge("Deployment", "primary-app", (m) => (m.spec.template.spec.hostnameOverride = "app"));
      assert.deepEqual(found.get(`Kubernetes ${NEWEST}`), []);
      assert.deepEqual(found.get(`Kubernetes ${OLDEST}`), [
        '/spec/template/spec/hostnameOverride: unknown field "hostnameOverride"',
      ]);
    });

    it("Gateway API CRD: a misspelt field and a value outside an enum in an HTTPRoute", () => {
      expectEverywhere(
        judge("HTTPRoute", "secondary-gateway", (m) => rename(m.spec.rules[0], "backendRefs", "backendRef")),
        '/spec/rules/0/backendRef: unknown field "backendRef"',
      );
      expectEverywhere(
        judge("HTTPRoute", "secondary-gateway", (m) => (m.spec.rules[0].matches[0].path.type = "exact")),
        "/spec/rules/0/matches/0/path/type: must be equal to one of the allowed values (Exact,PathPrefix,RegularExpression)",
      );
    });

    it("GKE CRD: a misspelt field and a value of the wrong type in a GCPBackendPolicy", () => {
      expectEverywhere(
        judge("GCPBackendPolicy", "secondary-gateway", (m) => rename(m.spec.default, "timeoutSec", "timeoutSecs")),
        '/spec/default/timeoutSecs: unknown field "timeoutSecs"',
      );
      expectEverywhere(
        judge("GCPBackendPolicy", "secondary-gateway", (m) => (m.spec.default.timeoutSec = "30s")),
        "/spec/default/timeoutSec: must be integer",
      );
    });
  });
});
