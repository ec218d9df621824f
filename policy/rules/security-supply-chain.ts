import { GraphResource, providerUrn } from "@dr-platform/model";
import { asGraph } from "../lib/as-graph";
import { stackRule } from "../lib/rule";
import { at, label, list, obj, str, strings } from "../lib/read";
import { T } from "../lib/sites";

/** What runs on the clusters: images pinned by digest, admitted by the API server only so. */

const DIGEST_PINNED = /@sha256:[a-f0-9]{64}$/;

/** Where each workload kind keeps its pod spec. */
const POD_SPEC: Readonly<Record<string, string>> = {
  [T.deployment]: "spec.template.spec",
  [T.job]: "spec.template.spec",
  [T.cronJob]: "spec.jobTemplate.spec.template.spec",
};

/** The images a workload's pod spec names, init and ephemeral containers included. */
function imagesOf(workload: GraphResource): string[] {
  const spec = obj(at(workload.inputs, POD_SPEC[workload.type]));
  return ["containers", "initContainers", "ephemeralContainers"]
    .flatMap((key) => list(spec[key]))
    .map((c) => str(obj(c).image))
    .filter((i): i is string => i !== undefined);
}

export const admissionPinnedImages = () =>
  stackRule<{ enforce: boolean }>(
    {
      name: "admission-pinned-images",
      area: "security",
      description:
        "Every cluster the stack deploys workloads to has a ValidatingAdmissionPolicy, bound to the platform's namespaces, that admits only images pinned by digest (denying where `enforce`), every workload's images are so pinned, and every GKE cluster enforces a Binary Authorization policy that denies by default.",
      severity: "high",
      remediation:
        "keep the sites' PinnedImagesAdmission (components/kubernetes/pinned-images-admission.ts) and Binary Authorization, and pin each image as repository:tag@sha256:digest (components/kubernetes/images.ts).",
      configSchema: { properties: { enforce: { type: "boolean", default: true } } },
    },
    (resources, report, { config }) => {
      const graph = asGraph(resources);
      const byProvider = new Map<string, GraphResource[]>();
      for (const r of graph.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
        const key = providerUrn(r.provider);
        byProvider.set(key, [...(byProvider.get(key) ?? []), r]);
      }
      for (const [provider, objects] of byProvider) {
        const workloads = objects.filter((r) => r.type in POD_SPEC);
        if (workloads.length === 0) continue;
        const policies = objects.filter(
          (r) =>
            r.type === T.admissionPolicy &&
            list(at(r.inputs, "spec.validations")).some((v) => /@sha256:/.test(str(obj(v).expression) ?? "")),
        );
        const names = new Set(policies.map((p) => str(at(p.inputs, "metadata.name"))));
        const bindings = objects.filter(
          (r) => r.type === T.admissionPolicyBinding && names.has(str(at(r.inputs, "spec.policyName"))),
        );
        const denies = bindings.some((b) => strings(at(b.inputs, "spec.validationActions")).includes("Deny"));
        const cluster = provider.split("::").pop() ?? provider;
        if (bindings.length === 0) {
          report(
            `The cluster of provider ${cluster} admits images by tag: no bound admission policy requires a digest.`,
            workloads[0].urn,
          );
        } else if (config.enforce && !denies) {
          report(
            `The cluster of provider ${cluster} only warns about images not pinned by digest; it must deny them.`,
            bindings[0].urn,
          );
        }
        if (!config.enforce) continue;
        for (const workload of workloads) {
          const unpinned = imagesOf(workload).filter((image) => !DIGEST_PINNED.test(image));
          if (unpinned.length > 0) {
            report(
              `${label(workload)} names ${unpinned.join(", ")}, not pinned by digest: the cluster would refuse its pods.`,
              workload.urn,
            );
          }
        }
      }
      const binaryPolicies = graph.resources.filter((r) => r.type === T.binaryAuthorizationPolicy);
      const denying = binaryPolicies.some(
        (p) =>
          str(at(p.inputs, "defaultAdmissionRule.evaluationMode")) !== "ALWAYS_ALLOW" &&
          (!config.enforce ||
            str(at(p.inputs, "defaultAdmissionRule.enforcementMode")) === "ENFORCED_BLOCK_AND_AUDIT_LOG"),
      );
      for (const gke of graph.resources.filter((r) => r.type === T.gkeCluster)) {
        if (str(at(gke.inputs, "binaryAuthorization.evaluationMode")) !== "PROJECT_SINGLETON_POLICY_ENFORCE") {
          report(`${label(gke)} does not enforce Binary Authorization.`, gke.urn);
        } else if (!denying) {
          report(
            `${label(gke)} enforces a Binary Authorization policy that denies nothing (no policy of the stack denies by default).`,
            gke.urn,
          );
        }
      }
    },
  );

export const supplyChainRules = () => [admissionPinnedImages()];
