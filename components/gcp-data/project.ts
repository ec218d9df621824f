import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** The project of the `gcp` provider a component was placed with. */
export interface GcpProject {
  /** The project ID, e.g. "dr-platform-prod": IAM bindings and the Workload Identity pool name it. */
  readonly projectId: pulumi.Output<string>;
  /** The project number: Google's service agents are named from it. */
  readonly number: pulumi.Output<string>;
}

/**
 * Looks up the project of `parent`'s `gcp` provider (the invoke goes through `parent`, so it answers for
 * the caller's provider, never an ambient default). Components never read the project from config.
 */
export function gcpProject(parent: pulumi.Resource): GcpProject {
  const project = gcp.organizations.getProjectOutput({}, { parent });
  return {
    // Without `projectId` in the arguments the data source reads the provider's project; its ID is also
    // the tail of the data source's `id` ("projects/<id>").
    projectId: project.apply((p) => p.projectId ?? p.id.replace(/^projects\//, "")),
    number: project.number,
  };
}

/**
 * Google-managed service agents a component grants access to: each acts for its service inside the
 * project, named from the project number.
 * @see https://cloud.google.com/iam/docs/service-agents
 */
export const SERVICE_AGENT_DOMAINS = {
  /** Kubernetes Engine: encrypts Secrets at the application layer with the cluster's key. */
  gke: "container-engine-robot.iam.gserviceaccount.com",
  /** Pub/Sub: publishes dead letters, acknowledges forwarded messages, uses CMEK keys. */
  pubsub: "gcp-sa-pubsub.iam.gserviceaccount.com",
  /** Cloud SQL: encrypts an instance's disks and backups with its CMEK key. */
  cloudSql: "gcp-sa-cloud-sql.iam.gserviceaccount.com",
  /** Cloud Monitoring's notifications: publishes an alert policy's incidents to a Pub/Sub channel's topic. */
  monitoringNotifications: "gcp-sa-monitoring-notification.iam.gserviceaccount.com",
} as const;

/**
 * The IAM principal of a Kubernetes service account under GKE Workload Identity Federation, for granting it
 * Google Cloud resources directly (no Google service account to impersonate).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#kubernetes-resources-iam-policies
 */
export function workloadIdentityPrincipal(
  project: GcpProject,
  namespace: pulumi.Input<string>,
  serviceAccount: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`principal://iam.googleapis.com/projects/${project.number}/locations/global/workloadIdentityPools/${project.projectId}.svc.id.goog/subject/ns/${namespace}/sa/${serviceAccount}`;
}

/** The IAM member (`serviceAccount:...`) of a service agent. */
export function serviceAgentMember(
  projectNumber: pulumi.Input<string>,
  service: keyof typeof SERVICE_AGENT_DOMAINS,
): pulumi.Output<string> {
  return pulumi.interpolate`serviceAccount:service-${projectNumber}@${SERVICE_AGENT_DOMAINS[service]}`;
}
