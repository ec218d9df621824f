import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The deep check's code as one committed file (health-check/dist, built by `npm run build:health` and
 * tested on the image's Node major). It is mounted from a ConfigMap, so nothing is installed at pod start.
 */
export const REGIONAL_HEALTH_BUNDLE_PATH = path.join(
  __dirname,
  "..",
  "..",
  "health-check",
  "dist",
  "regional-health.js",
);

/**
 * A ConfigMap holds at most 1 MiB of data in total (etcd's object limit); the bundle must leave room for the
 * config beside it.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#motivation
 */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/** Headroom kept for `config.json` and the object's metadata. */
export const CONFIG_MAP_HEADROOM_BYTES = 64 * 1024;

/** The bundle's text; throws naming the file and the fix when it is missing or too big for a ConfigMap. */
export function readRegionalHealthBundle(file = REGIONAL_HEALTH_BUNDLE_PATH): string {
  if (!fs.existsSync(file)) {
    throw new Error(`the deep check's bundle ${file} is missing; build it with \`npm run build:health\``);
  }
  const text = fs.readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > CONFIG_MAP_MAX_BYTES - CONFIG_MAP_HEADROOM_BYTES) {
    throw new Error(
      `the deep check's bundle ${file} is ${bytes} bytes; a ConfigMap holds ${CONFIG_MAP_MAX_BYTES} in all, ` +
        `so keep it under ${CONFIG_MAP_MAX_BYTES - CONFIG_MAP_HEADROOM_BYTES}`,
    );
  }
  return text;
}
