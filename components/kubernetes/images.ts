/**
 * Every container image the platform itself runs, pinned by digest: the admission policy on both clusters
 * (pinned-images-admission.ts) admits nothing else in the namespaces the platform manages. A tag names what the
 * image is; the digest is what runs, so a tag moved upstream changes nothing until the digest here changes.
 *
 * Where the digests come from: no registry was reachable where they were written, so each is the digest public
 * repositories pin for the same tag (the image index: multi-platform). `npm run images` asks each registry
 * for the tag's digest and fails on any difference; the deploy workflow runs it before `pulumi up`
 * (docs/security.md#pinned-images). ECR Public's mirror of Docker Official Images serves Docker Hub's index
 * unchanged, so both registries share one digest.
 */

/** An image by repository, tag and the digest of the tag's index. */
export interface PinnedImage {
  /** Registry host and path, e.g. `public.ecr.aws/docker/library/postgres`. */
  readonly repository: string;
  readonly tag: string;
  /** `sha256:` and 64 hex digits: the image index the tag named when it was pinned. */
  readonly digest: string;
}

/** The reference a pod uses: `repository:tag@digest` (the tag for people, the digest for the runtime). */
export const pinnedReference = (image: PinnedImage): string => `${image.repository}:${image.tag}@${image.digest}`;

/** What a digest-pinned reference looks like: the admission policy's test, and the pack's. */
export const DIGEST_PINNED = /@sha256:[a-f0-9]{64}$/;

export const PLATFORM_IMAGES = {
  /** The drills' HTTP load generator (components/resilience/load-tests.ts). */
  fortio: {
    repository: "docker.io/fortio/fortio",
    tag: "1.69.4",
    digest: "sha256:65633fc5e70f9745be8c311637fb8e484da31a366463028a11083ac0a098e3d3",
  },
  /** The inflate pods that force a node-group scale-out. */
  pause: {
    repository: "registry.k8s.io/pause",
    tag: "3.10",
    digest: "sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a",
  },
  /** The control-plane probe (components/resilience/control-plane-probe.ts). */
  awsCli: {
    repository: "public.ecr.aws/aws-cli/aws-cli",
    tag: "2.31.23",
    digest: "sha256:668ffb01408e03e1002b36886797c1a97b09f7d0f02fba3123f9fcd68a081dc5",
  },
  /** psql for the database setup on EKS (components/database-setup), from ECR Public's mirror. */
  postgresEks: {
    repository: "public.ecr.aws/docker/library/postgres",
    tag: "17.6-alpine3.22",
    digest: "sha256:ef257d85f76e48da1c64832459b59fcaba1a4dac97bf5d7450c77753542eee94",
  },
  /** The same psql for Cloud Run (which pulls from Artifact Registry and Docker Hub only). */
  postgresCloudRun: {
    repository: "docker.io/library/postgres",
    tag: "17.6-alpine3.22",
    digest: "sha256:ef257d85f76e48da1c64832459b59fcaba1a4dac97bf5d7450c77753542eee94",
  },
} as const satisfies Record<string, PinnedImage>;
