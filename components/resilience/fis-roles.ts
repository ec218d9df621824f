import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, policyDocument, Statement } from "../aws";
import { ExperimentSpec } from "./experiment-specs";
import { FIS_LOGGING_PERMISSIONS, fisActionStatements, FisRoleScope } from "./fis-actions";

/** The Kubernetes user the pod-stress role is mapped to; the FIS guide's RoleBinding names this user. */
export const FIS_KUBERNETES_USER = "fis-experiment";

/** The service account of the pod FIS runs in the target namespace; it injects the ephemeral containers. */
export const FIS_SERVICE_ACCOUNT = "fis-experiments";

/**
 * Who creates pods and ephemeral containers for FIS's pod actions, with AWS's own images (not pinned by us): the
 * pinned-images admission policy exempts exactly these on a cluster the drills target.
 */
export const FIS_POD_REQUESTERS = { users: [FIS_KUBERNETES_USER], serviceAccounts: [FIS_SERVICE_ACCOUNT] } as const;

/**
 * A role only FIS can assume, for experiments of this account and region (the confused-deputy guard
 * FIS documents), allowed exactly the given templates' actions plus log delivery.
 */
export function createExperimentRole(
  parent: pulumi.Resource,
  name: string,
  specs: ExperimentSpec[],
  scope: FisRoleScope,
  context: AwsContext,
): aws.iam.Role {
  const role = new aws.iam.Role(
    name,
    {
      description: "Assumed by AWS FIS to run this stack's resilience experiments",
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "fis.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": context.accountId },
            ArnLike: {
              "aws:SourceArn": pulumi.interpolate`arn:${context.partition}:fis:${scope.region}:${context.accountId}:experiment/*`,
            },
          },
        },
      ]),
    },
    { parent },
  );
  if (specs.length > 0) {
    allowExperiments(parent, name, role, specs, scope);
  }
  return role;
}

/** The role's permissions: exactly the templates' FIS actions, scoped by {@link fisActionStatements}, and log delivery. */
export function allowExperiments(
  parent: pulumi.Resource,
  name: string,
  role: aws.iam.Role,
  specs: ExperimentSpec[],
  scope: FisRoleScope,
): aws.iam.RolePolicy {
  const actionIds = [...new Set(specs.flatMap((s) => s.actionIds))];
  const statements: Statement[] = [
    { Sid: "ExperimentLogs", Effect: "Allow", Action: [...FIS_LOGGING_PERMISSIONS], Resource: "*" },
    ...actionIds.flatMap((id) => fisActionStatements(id, scope)),
  ];
  return new aws.iam.RolePolicy(name, { role: role.id, policy: policyDocument(statements) }, { parent });
}

/**
 * What FIS's pod actions need inside the cluster: the role mapped to the Kubernetes user the RBAC binds,
 * and a service account in the target namespace for the FIS pod, with the Role from the FIS guide
 * (create the FIS pod, inject ephemeral containers, exec into them, read the target deployment).
 * @see https://docs.aws.amazon.com/fis/latest/userguide/eks-pod-actions.html
 */
export function grantPodAccess(
  parent: pulumi.Resource,
  name: string,
  clusterName: pulumi.Input<string>,
  namespace: pulumi.Input<string>,
  role: aws.iam.Role,
): { serviceAccount: pulumi.Output<string>; resources: pulumi.Resource[] } {
  const opts = { parent };
  const entry = new aws.eks.AccessEntry(
    `${name}-pod-stress`,
    { clusterName, principalArn: role.arn, type: "STANDARD", userName: FIS_KUBERNETES_USER },
    opts,
  );
  const meta = { name: FIS_SERVICE_ACCOUNT, namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } };
  const serviceAccount = new k8s.core.v1.ServiceAccount(
    `${name}-pod-stress`,
    { metadata: meta, automountServiceAccountToken: true },
    opts,
  );
  const rbacRole = new k8s.rbac.v1.Role(
    `${name}-pod-stress`,
    {
      metadata: meta,
      rules: [
        { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "create", "patch", "delete"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["create", "list", "get", "delete", "deletecollection"] },
        { apiGroups: [""], resources: ["pods/ephemeralcontainers"], verbs: ["update"] },
        { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] },
      ],
    },
    opts,
  );
  const binding = new k8s.rbac.v1.RoleBinding(
    `${name}-pod-stress`,
    {
      metadata: meta,
      subjects: [
        { kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace },
        { kind: "User", name: FIS_KUBERNETES_USER, apiGroup: "rbac.authorization.k8s.io" },
      ],
      roleRef: { kind: "Role", name: rbacRole.metadata.name, apiGroup: "rbac.authorization.k8s.io" },
    },
    opts,
  );
  return { serviceAccount: serviceAccount.metadata.name, resources: [entry, serviceAccount, rbacRole, binding] };
}
