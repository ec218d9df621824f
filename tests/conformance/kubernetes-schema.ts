import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { GraphResource, SECRET } from "../../tools/offline/graph";

/**
 * Validation of rendered Kubernetes objects against the schemas the kubernetes-models packages publish
 * (https://github.com/tommy351/kubernetes-models-ts): the upstream OpenAPI document of one Kubernetes release,
 * and CRDs' OpenAPI schemas, each compiled by its maintainers into an ajv validate function that checks types,
 * formats, enums, patterns and required fields.
 *
 * Those validators accept unknown fields (the published schemas carry no `additionalProperties: false`), where
 * the API server drops them (field validation "Ignore" or "Warn") or rejects the object (kubectl's default,
 * "Strict"): a misspelt field never takes effect either way. So {@link validateObject} also rejects every field
 * the schema does not declare, and learns which fields those are from the validator itself: it hands the
 * validator the object behind a Proxy, records which property names it reads on each object (a compiled
 * validator reads each declared property, `data.replicas !== undefined`, whether present or not, and reads
 * each key of a map), and reports the keys it never read. An object on which the validator reads nothing is
 * schema-free (`x-kubernetes-preserve-unknown-fields`, or a type the validator rejected already) and is
 * returned in `freeForm` rather than judged.
 */

/** A schema package as installed: the name it is required by (an npm alias where two versions coexist). */
export interface SchemaPackage {
  /** The name under node_modules (`kubernetes-models-1.33` is `npm:kubernetes-models@4.5.1`). */
  readonly installedAs: string;
  /** The package and exact version as published on npm: what package.json must pin. */
  readonly published: string;
  /** What its schemas were generated from. */
  readonly generatedFrom: string;
}

/** Kubernetes 1.36.0's OpenAPI document (the package's 5.0.0 changelog: "Update to Kubernetes v1.36.0"). */
export const KUBERNETES_NEWER: SchemaPackage = {
  installedAs: "kubernetes-models",
  published: "kubernetes-models@5.1.0",
  generatedFrom: "Kubernetes 1.36",
};
/** Kubernetes 1.33.0's OpenAPI document (the package's 4.5.0 changelog: "Update schema version to v1.33.0"). */
export const KUBERNETES_OLDER: SchemaPackage = {
  installedAs: "kubernetes-models-1.33",
  published: "kubernetes-models@4.5.1",
  generatedFrom: "Kubernetes 1.33",
};
/** Gateway API's Go types (sigs.k8s.io/gateway-api v1.5), every channel's kinds. */
export const GATEWAY_API: SchemaPackage = {
  installedAs: "@kubernetes-models/gateway-api",
  published: "@kubernetes-models/gateway-api@2.0.0",
  generatedFrom: "Gateway API v1.5",
};
/** GKE's CRDs; networking.gke.io from GoogleCloudPlatform/gke-gateway-api v1.4.0 config/crd (its package.json). */
export const GKE: SchemaPackage = {
  installedAs: "@kubernetes-models/gke",
  published: "@kubernetes-models/gke@4.6.2",
  generatedFrom: "gke-gateway-api v1.4.0 CRDs",
};

/** Which package holds the schema of a custom resource's API group; built-in groups are in the two above. */
export const CRD_PACKAGES: Readonly<Record<string, SchemaPackage>> = {
  "gateway.networking.k8s.io": GATEWAY_API,
  "networking.gke.io": GKE,
};

/** The directory a package is installed in, found as `require` would (NODE_PATH included). */
export function packageRoot(pkg: SchemaPackage): string {
  for (const dir of require.resolve.paths(pkg.installedAs) ?? []) {
    const root = path.join(dir, pkg.installedAs);
    if (fs.existsSync(path.join(root, "package.json"))) {
      return root;
    }
  }
  throw new Error(
    `${pkg.installedAs} is not installed: add ${pkg.installedAs === "kubernetes-models-1.33" ? `"kubernetes-models-1.33": "npm:${pkg.published}"` : pkg.published} to devDependencies`,
  );
}

/** The version the installed package declares. */
export function installedVersion(pkg: SchemaPackage): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(pkg), "package.json"), "utf8")) as { version: string })
    .version;
}

/** A model's `validate` method: it validates `this` and throws the validator's errors. */
export type Validate = (this: unknown) => void;

// The packages are ESM-only or CommonJS and export no `require` condition; loading a model's file by its path
// works for both (Node 22 requires ES modules), and bypasses neither their code nor their schemas.
const load = createRequire(__filename);

/** The validator of one kind in one package; undefined when the package has no such kind. */
export function validatorFor(pkg: SchemaPackage, apiVersion: string, kind: string): Validate | undefined {
  const file = path.join(packageRoot(pkg), ...apiVersion.split("/"), `${kind}.js`);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const model = (load(file) as Record<string, { prototype: { validate: Validate } } | undefined>)[kind];
  if (!model) {
    throw new Error(`${file} exports no ${kind}`);
  }
  return model.prototype.validate;
}

export interface Verdict {
  /** Every schema violation and every undeclared field, each as `<JSON pointer>: <what is wrong>`. */
  readonly problems: string[];
  /** Objects the schema leaves free-form (the validator read none of their fields): not judged. */
  readonly freeForm: string[];
}

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** Validates one manifest with `validate` and rejects the fields the schema does not declare (see the file's header). */
export function validateObject(validate: Validate, manifest: Record<string, unknown>): Verdict {
  const reads = new Map<object, Set<string>>();
  const objects: { at: string; target: Record<string, unknown> }[] = [];
  const proxies = new WeakMap<object, object>();
  const watch = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== "object") {
      return value;
    }
    const known = proxies.get(value);
    if (known) {
      return known;
    }
    const seen = new Set<string>();
    reads.set(value, seen);
    if (!Array.isArray(value)) {
      objects.push({ at, target: value as Record<string, unknown> });
    }
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver) as unknown;
        if (typeof key !== "string" || !Object.hasOwn(target, key)) {
          return child;
        }
        seen.add(key);
        return watch(child, `${at}/${key}`);
      },
      has(target, key) {
        if (typeof key === "string") {
          seen.add(key);
        }
        return Reflect.has(target, key);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  const problems: string[] = [];
  try {
    validate.call(watch(manifest, ""));
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors) {
      throw e;
    }
    for (const err of errors) {
      const extra = err.params && "allowedValues" in err.params ? ` (${String(err.params.allowedValues)})` : "";
      problems.push(`${err.instancePath === "" ? "/" : err.instancePath}: ${err.message ?? "invalid"}${extra}`);
    }
  }
  const freeForm: string[] = [];
  for (const { at, target } of objects) {
    const seen = reads.get(target)!;
    if (seen.size === 0) {
      if (Object.keys(target).length > 0) {
        freeForm.push(at === "" ? "/" : at);
      }
      continue;
    }
    for (const key of Object.keys(target)) {
      if (!seen.has(key)) {
        problems.push(`${at}/${key}: unknown field "${key}"`);
      }
    }
  }
  return { problems, freeForm };
}

/** Types of the kubernetes provider that are not one object of the API: what they hold is not rendered here. */
export const NOT_OBJECTS = new Set([
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:yaml:ConfigFile",
  "kubernetes:yaml:ConfigGroup",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:kustomize:Directory",
  "kubernetes:kustomize/v2:Directory",
]);

/** A rendered object of the Kubernetes API: the provider's type token split into apiVersion and kind. */
export interface RenderedObject {
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly manifest: Record<string, unknown>;
  /** Inputs Pulumi holds as secrets ("[secret]" in the render): left out, their shape unknown offline. */
  readonly secrets: string[];
}

/** The objects of the API among a render's resources, each rebuilt as the manifest Pulumi sends. */
export function renderedObjects(resources: readonly GraphResource[]): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const r of resources) {
    if (!r.custom || !r.type.startsWith("kubernetes:") || NOT_OBJECTS.has(r.type)) {
      continue;
    }
    const m = /^kubernetes:([^:]+):(.+)$/.exec(r.type)!;
    const [group, version] = m[1].split("/");
    const apiVersion = group === "core" ? version : `${group}/${version}`;
    const secrets: string[] = [];
    const manifest = withoutSecrets(r.inputs, "", secrets) as Record<string, unknown>;
    // The SDK registers apiVersion and kind among the inputs; a resource that lacks them is not an object.
    if (manifest.apiVersion !== apiVersion || manifest.kind !== m[2]) {
      throw new Error(`${r.type} ${r.name}: inputs name ${String(manifest.apiVersion)} ${String(manifest.kind)}`);
    }
    out.push({ name: r.name, apiVersion, kind: m[2], manifest, secrets });
  }
  return out;
}

function withoutSecrets(value: unknown, at: string, secrets: string[]): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => withoutSecrets(v, `${at}/${i}`, secrets));
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === SECRET) {
        secrets.push(`${at}/${k}`);
      } else {
        out[k] = withoutSecrets(v, `${at}/${k}`, secrets);
      }
    }
    return out;
  }
  return value;
}
