import { REGIONAL_HEALTH_IMAGE } from "../health-check/image";
import { parseCommandLine, runAsCommand, ToolIo, withExitCodes } from "./offline/cli";

const USAGE = `Usage: npm run health-image [-- --registry URL]

Resolves the deep check's runtime image (health-check/image.ts) to its digest from the registry, prints it, and
checks it against the digest recorded there. The deploy workflow runs it before \`pulumi up\`
(docs/regional-health.md#the-runtime-and-its-image).

Options:
  --registry URL   the registry's base URL (default https://<host of the image's repository>)

Exit codes: 0 the digest matches, or none is recorded yet (it is printed, to be recorded); 1 the registry's
digest differs from the recorded one, or the tag is not found; 2 usage; 3 the registry could not be asked.`;

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

/** `npm run health-image`: the deep check's image digest, resolved and checked. */
export function main(
  argv: readonly string[],
  io: ToolIo,
  image: { readonly repository: string; readonly tag: string; readonly digest?: string } = REGIONAL_HEALTH_IMAGE,
): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values } = parseCommandLine(argv, {
      options: { registry: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [host, ...path] = image.repository.split("/");
    const registry = (values.registry ?? `https://${host}`).replace(/\/$/, "");
    const ref = `${image.repository}:${image.tag}`;
    let digest: string;
    try {
      digest = await resolveDigest(registry, path.join("/"), image.tag);
    } catch (e) {
      io.err(`health-image: ${(e as Error).message}`);
      return e instanceof TagNotFound ? 1 : 3;
    }
    io.out(`${ref} is ${digest} at ${registry}`);
    if (image.digest === undefined) {
      io.err(`health-image: no digest recorded in health-check/image.ts; record ${digest} to pin it`);
      return 0;
    }
    if (image.digest !== digest) {
      io.err(`health-image: health-check/image.ts records ${image.digest}, the registry serves ${digest} for ${ref}`);
      return 1;
    }
    return 0;
  });
}

runAsCommand(module, main);
