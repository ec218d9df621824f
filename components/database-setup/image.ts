import { pinnedReference, PLATFORM_IMAGES } from "../kubernetes/images";

/**
 * The image the setup scripts run in: the official PostgreSQL image, for its `psql` (a client of this major
 * talks to servers of every supported older major, so one image serves Aurora and Cloud SQL), pinned by digest
 * (components/kubernetes/images.ts); the same image from two registries, each the one its runtime pulls from
 * without limits or credentials: Amazon ECR Public's mirror of Docker Official Images for EKS, Docker Hub for
 * Cloud Run (which pulls from Artifact Registry and Docker Hub only).
 * @see https://gallery.ecr.aws/docker/library/postgres
 * @see https://cloud.google.com/run/docs/deploying#images
 */
export const DATABASE_SETUP_IMAGE = {
  /** The image's `postgres` user: psql needs no privilege, and the restricted Pod Security Standard wants a uid. */
  uid: 70,
  registries: {
    eks: PLATFORM_IMAGES.postgresEks,
    cloudRun: PLATFORM_IMAGES.postgresCloudRun,
  },
} as const;

/** The image reference for a runtime. */
export function databaseSetupImage(runtime: keyof typeof DATABASE_SETUP_IMAGE.registries): string {
  return pinnedReference(DATABASE_SETUP_IMAGE.registries[runtime]);
}
