import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/**
 * The namespaces the policy binds: every one the platform creates carries this label (pod-security.ts and the
 * sample service), and a team's own namespaces join by carrying it. kube-system and the providers' namespaces,
 * whose images the cloud or a Helm chart picks, do not.
 */
export const ADMISSION_NAMESPACE_LABEL = { "app.kubernetes.io/managed-by": "pulumi" } as const;

/** Every container of a pod (init and ephemeral ones too) names its image by digest. */
export const PINNED_IMAGES_EXPRESSION = [
  "object.spec.containers.all(c, c.image.matches('@sha256:[a-f0-9]{64}$'))",
  "(!has(object.spec.initContainers) || object.spec.initContainers.all(c, c.image.matches('@sha256:[a-f0-9]{64}$')))",
  "(!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, c.image.matches('@sha256:[a-f0-9]{64}$')))",
].join(" && ");

/** Arguments of {@link PinnedImagesAdmission}. The cluster is the provider's: pass `providers: { kubernetes }`. */
export interface PinnedImagesAdmissionArgs {
  /**
   * `deny` refuses a pod with an image not pinned by digest; `warn` admits it with a warning to the client and an
   * audit annotation (the environment profile's `imageAdmission`).
   */
  readonly mode: "deny" | "warn";
  /**
   * Requesters whose pods the policy does not judge: Kubernetes user names, and service accounts by namespace and
   * name (exactly: a namespace of the same name elsewhere is not exempt). For a fault-injection service whose pods
   * and ephemeral containers carry the provider's own images (AWS FIS's pod actions).
   * @default none - every requester is judged
   */
  readonly exempt?: {
    readonly users?: readonly string[];
    readonly serviceAccounts?: readonly { readonly namespace: string; readonly name: string }[];
  };
}

/** A CEL condition true for every request except the exempt requesters'; undefined when none is exempt. */
export function notExemptCondition(exempt: PinnedImagesAdmissionArgs["exempt"]): string | undefined {
  const users = exempt?.users ?? [];
  const accounts = exempt?.serviceAccounts ?? [];
  if (users.length + accounts.length === 0) return undefined;
  const quote = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const terms = [
    ...users.map((u) => `request.userInfo.username == ${quote(u)}`),
    ...accounts.map((a) => `request.userInfo.username == ${quote(`system:serviceaccount:${a.namespace}:${a.name}`)}`),
  ];
  return `!(${terms.join(" || ")})`;
}

function matchConditions(exempt: PinnedImagesAdmissionArgs["exempt"]) {
  const expression = notExemptCondition(exempt);
  return expression === undefined ? {} : { matchConditions: [{ name: "not-exempt-requester", expression }] };
}

/**
 * PinnedImagesAdmission admits only pods whose every image is pinned by digest, in the namespaces the platform
 * manages: a ValidatingAdmissionPolicy (CEL, evaluated by the API server itself: no webhook, no pods of its own,
 * nothing to fail open or closed) and its binding. GA since Kubernetes 1.30, on EKS and GKE alike; on GKE,
 * Binary Authorization adds which repositories may run at all (components/gke/binary-authorization.ts).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class PinnedImagesAdmission extends pulumi.ComponentResource {
  public readonly policyName: string;

  constructor(name: string, args: PinnedImagesAdmissionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:kubernetes:PinnedImagesAdmission", name, {}, opts);
    this.policyName = physicalName(name, pulumi.getStack());
    const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
      name,
      {
        metadata: { name: this.policyName, labels: { ...ADMISSION_NAMESPACE_LABEL } },
        spec: {
          failurePolicy: "Fail",
          ...matchConditions(args.exempt),
          matchConstraints: {
            resourceRules: [
              // The subresource too: `kubectl debug` adds ephemeral containers through it.
              {
                apiGroups: [""],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["pods", "pods/ephemeralcontainers"],
              },
            ],
          },
          validations: [
            {
              expression: PINNED_IMAGES_EXPRESSION,
              messageExpression:
                "'every image must be pinned by digest (repository:tag@sha256:...); this pod names ' + object.spec.containers.map(c, c.image).join(', ')",
              reason: "Forbidden",
            },
          ],
        },
      },
      { parent: this },
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
      name,
      {
        metadata: { name: this.policyName, labels: { ...ADMISSION_NAMESPACE_LABEL } },
        spec: {
          // The name as written, not the policy's output: known in a first preview, so the pack can match them.
          policyName: this.policyName,
          validationActions: args.mode === "deny" ? ["Deny"] : ["Warn", "Audit"],
          matchResources: { namespaceSelector: { matchLabels: { ...ADMISSION_NAMESPACE_LABEL } } },
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    this.registerOutputs({ policyName: this.policyName });
  }
}
