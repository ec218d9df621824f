import { REGIONAL_HEALTH_IMAGE } from "../health-check/image";
import { PLATFORM_IMAGES } from "../components/kubernetes/images";
import { parseCommandLine, runAsCommand, ToolIo, withExitCodes } from "./offline/cli";

const USAGE = `Usage: npm run images [-- --registry URL]

Resolves every image the platform runs (components/kubernetes/images.ts, health-check/image.ts) to its digest
from its registry, prints each, and checks it against the digest recorded there: the clusters admit images by
digest only, so a digest that no longer matches its tag is found here, before \`pulumi up\`. The deploy workflow
runs it first (docs/security.md#pinned-images).

Options:
  --registry URL   ask this registry for every image (a mirror, or a test's stand-in); default https://<host of each
                   image's repository>

Exit codes: 0 every digest matches (one not recorded yet is printed, to be recorded); 1 a registry's digest
differs from the recorded one, or a tag is not found; 2 usage; 3 a registry could not be asked.`;

/** An image to check, and the file that records it (named in the messages). */
export interface RecordedImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | undefined;
  readonly recordedIn: string;
}

/** Every image the platform runs, where it is recorded. */
export const RECORDED_IMAGES: readonly RecordedImage[] = [
  ...Object.values(PLATFORM_IMAGES).map((i) => ({ ...i, recordedIn: "components/kubernetes/images.ts" })),
  { ...REGIONAL_HEALTH_IMAGE, recordedIn: "health-check/image.ts" },
];

/** The media types of a multi-platform image and of a single manifest, most specific first. */
const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** A `WWW-Authenticate: Bearer realm="...",service="...",scope="..."` challenge's parameters. */
export function bearerChallenge(header: string | null): Record<string, string> | undefined {
  if (header === null || !/^Bearer\s/i.test(header)) return undefined;
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]));
}

/**
 * The digest a registry serves for `repository:tag`, through the Docker Registry HTTP API v2: a HEAD of the
 * manifest, and on a 401 the bearer token its challenge names, then the HEAD again
 * (https://distribution.github.io/distribution/spec/auth/token/). The digest is the
 * `Docker-Content-Digest` header of the image index.
 */
export async function resolveDigest(registry: string, repository: string, tag: string): Promise<string> {
  const url = `${registry}/v2/${repository}/manifests/${tag}`;
  const head = (authorization?: string) =>
    fetch(url, {
      method: "HEAD",
      headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) },
    });
  let response = await head();
  if (response.status === 401) {
    const challenge = bearerChallenge(response.headers.get("www-authenticate"));
    if (!challenge?.realm) throw new Error(`${url}: 401 without a bearer challenge`);
    const tokenUrl = new URL(challenge.realm);
    if (challenge.service) tokenUrl.searchParams.set("service", challenge.service);
    tokenUrl.searchParams.set("scope", challenge.scope ?? `repository:${repository}:pull`);
    const tokenResponse = await fetch(tokenUrl);
    if (!tokenResponse.ok) throw new Error(`${tokenUrl}: HTTP ${tokenResponse.status}`);
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`${tokenUrl}: no token in the answer`);
    response = await head(`Bearer ${token}`);
  }
  if (response.status === 404) throw new TagNotFound(`${repository}:${tag} is not in ${registry}`);
  const digest = response.headers.get("docker-content-digest");
  if (!response.ok || digest === null) throw new Error(`${url}: HTTP ${response.status}, no digest`);
  return digest;
}

class TagNotFound extends Error {}

/** `npm run images`: every platform image's digest, resolved and checked. */
export function main(
  argv: readonly string[],
  io: ToolIo,
  images: readonly RecordedImage[] = RECORDED_IMAGES,
): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values } = parseCommandLine(argv, {
      options: { registry: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    let worst = 0;
    for (const image of images) {
      worst = Math.max(worst, await check(image, values.registry, io));
    }
    return worst;
  });
}

/** One image: 0 matches or unrecorded, 1 differs or no such tag, 3 the registry could not be asked. */
async function check(image: RecordedImage, registryOption: string | undefined, io: ToolIo): Promise<number> {
  const [host, ...path] = image.repository.split("/");
  // Docker Hub's API lives on its own host.
  const hostUrl = host === "docker.io" ? "https://registry-1.docker.io" : `https://${host}`;
  const registry = (registryOption ?? hostUrl).replace(/\/$/, "");
  const ref = `${image.repository}:${image.tag}`;
  let digest: string;
  try {
    digest = await resolveDigest(registry, path.join("/"), image.tag);
  } catch (e) {
    io.err(`images: ${(e as Error).message}`);
    return e instanceof TagNotFound ? 1 : 3;
  }
  io.out(`${ref} is ${digest} at ${registry}`);
  if (image.digest === undefined) {
    io.err(`images: no digest recorded for ${ref} in ${image.recordedIn}; record ${digest} to pin it`);
    return 0;
  }
  if (image.digest !== digest) {
    io.err(`images: ${image.recordedIn} records ${image.digest}, the registry serves ${digest} for ${ref}`);
    return 1;
  }
  return 0;
}

runAsCommand(module, main);
