/**
 * The deep check's runtime image: the official Node.js image, unmodified (the check's code is mounted from a
 * ConfigMap, so no image is built and nothing is installed at pod start). Its Node major is the one the
 * bundle is tested on: tests/health-check/bundle.test.ts runs dist/regional-health.js on the Node the
 * project's devDependency `node` pins, and fails when the majors differ.
 *
 * The digest: the one public repositories pin for this tag (no registry was reachable where it was written); the
 * deploy workflow resolves the tag's digest from the registry and fails when it differs (`npm run images`,
 * .github/workflows/deploy-stack.yml, docs/regional-health.md). ECR Public's mirror serves Docker Hub's index.
 * @see https://gallery.ecr.aws/docker/library/node
 */
export const REGIONAL_HEALTH_IMAGE = {
  /** Amazon ECR Public's mirror of Docker Official Images: no Docker Hub pull limits from EKS. */
  repository: "public.ecr.aws/docker/library/node",
  /** Full version, Alpine: the smallest official variant. */
  tag: "22.23.3-alpine",
  /** The image index digest (`sha256:...`), once resolved from the registry; see above. */
  digest: "sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402" as string | undefined,
} as const;

/** The Node.js major the bundle runs on. */
export const REGIONAL_HEALTH_NODE_MAJOR = Number(REGIONAL_HEALTH_IMAGE.tag.split(".")[0]);

/** The image reference a pod uses: by digest when one is recorded, by tag otherwise. */
export function regionalHealthImage(image: typeof REGIONAL_HEALTH_IMAGE = REGIONAL_HEALTH_IMAGE): string {
  const ref = `${image.repository}:${image.tag}`;
  return image.digest === undefined ? ref : `${ref}@${image.digest}`;
}
