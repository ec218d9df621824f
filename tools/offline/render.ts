import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { deserializeProperties, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { Graph, GraphResource, providerUrn, ROOT_STACK_TYPE, SECRET } from "./graph";
import { OfflineMocks } from "./mocks";
import { ConfigOverride, ConfigProblemsError, loadStackConfig, REPO_ROOT } from "./stack-files";

/** Thrown when the program rejects the stack config: the message is the full list of problems. */
export { ConfigProblemsError };

export interface RenderOptions {
  readonly stack: string;
  /** `pulumi config set --path` style overrides applied over the stack file. */
  readonly overrides?: readonly ConfigOverride[];
  /**
   * The stack name the program sees, when it should differ from the stack file's (tests render one file
   * under two names to prove that logical names, and so URNs, do not depend on the stack).
   * @default the stack file's name
   */
  readonly stackName?: string;
  /** The program's entry file. @default the repository's index.ts */
  readonly program?: string;
  /**
   * How stack traces behave while the program runs: "off" (fast, see below), "plain" (as under plain
   * `node` running compiled JavaScript: V8's own formatting and default depth; the benchmark's floor),
   * or "mapped" (the TypeScript loader's source-mapped traces, for debugging a failing program).
   * @default "off", or "mapped" when the environment sets OFFLINE_STACK_TRACES=1
   */
  readonly stackTraces?: "off" | "plain" | "mapped";
}

interface Recorded {
  mockUrn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  provider: string;
  inputs: Record<string, unknown>;
  protect: boolean;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  ignoreChanges: string[];
  retainOnDelete: boolean;
  importId: string;
}

let renders: Promise<unknown> = Promise.resolve();

/**
 * Runs the real program in-process under the SDK's mock engine and returns its resource graph. The
 * monitor is wrapped so that what the engine would receive (parent, provider, protect, dependencies,
 * ignoreChanges) is recorded exactly, not reconstructed. Renders share the process-wide Pulumi runtime,
 * so calls are queued and run one at a time.
 */
export function renderStack(options: RenderOptions): Promise<Graph> {
  const next = renders.catch(() => undefined).then(() => renderOnce(options));
  renders = next;
  return next;
}

async function renderOnce(options: RenderOptions): Promise<Graph> {
  const { project, config, secretKeys } = loadStackConfig(options.stack, options.overrides ?? []);
  const stack = options.stackName ?? options.stack;
  const program = options.program ?? path.join(REPO_ROOT, "index.ts");

  pulumi.runtime.setAllConfig(config, secretKeys);
  const mocks = new OfflineMocks();
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  const records: Recorded[] = [];
  const stackOutputs: { value?: Record<string, unknown> } = {};
  wrapMonitor(records, stackOutputs);
  clearProgramModules(program);

  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  // A resource whose inputs fail (an apply that throws) is never registered, and the SDK reports it only as
  // a debug line, which has nowhere to go under mocks: the render would silently lack the resource. Such a
  // line is a failure of the render.
  const debug = pulumi.log.debug;
  (pulumi.log as { debug: typeof debug }).debug = (msg, ...rest) => {
    if (/^(RegisterResource|ReadResource|RegisterResourceOutputs) RPC failed/.test(msg)) {
      failures.push(new Error(msg));
    }
    return debug(msg, ...rest);
  };
  // Two SDK habits dominate the cost of a render: every resource formats a full stack trace for its
  // source position (which the loader's source-map hook makes ~3x slower), and every internal promise
  // captures a trace for leak debugging. Neither is part of the graph, so by default the hook is off
  // and traces are empty while the program runs (the SDK still takes the positions it asks for).
  const mode = options.stackTraces ?? (process.env.OFFLINE_STACK_TRACES ? "mapped" : "off");
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  if (mode !== "mapped") {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  }
  if (mode === "off") {
    Error.stackTraceLimit = 0;
  }
  try {
    // A fresh require (not import) on purpose: the module cache was just cleared so the program runs again.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await pulumi.runtime.runInPulumiStack(async () => require(program));
    await pulumi.runtime.disconnect();
  } catch (err) {
    throw asRenderError(err);
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
    process.off("unhandledRejection", onRejection);
    (pulumi.log as { debug: typeof debug }).debug = debug;
  }
  if (failures.length > 0) {
    throw asRenderError(failures[0]);
  }
  return buildGraph(project, stack, records, stackOutputs.value ?? {}, mocks);
}

function asRenderError(err: unknown): Error {
  if (err instanceof pulumi.RunError) {
    return new ConfigProblemsError(err.message);
  }
  // A ResourceError raised with hideStack is a message for the user (what the cloud account or region
  // cannot do with this config, found by an invoke), not a bug: printed as a config problem, exit 1. The SDK
  // prefixes `error serializing property "<input>": ` to it once for every input that awaited it: dropped.
  if (err instanceof pulumi.ResourceError && err.hideStack) {
    return new ConfigProblemsError(err.message.replace(/^(error serializing property "[^"]*": )+/, ""));
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Drops the program's own modules from the require cache so the next render runs it afresh. */
function clearProgramModules(program: string): void {
  delete require.cache[require.resolve(program)];
  const toolsDir = path.join(REPO_ROOT, "tools") + path.sep;
  for (const file of Object.keys(require.cache)) {
    if (
      file.startsWith(REPO_ROOT) &&
      !file.includes(`${path.sep}node_modules${path.sep}`) &&
      !file.startsWith(toolsDir)
    ) {
      delete require.cache[file];
    }
  }
}

function wrapMonitor(records: Recorded[], stackOutputs: { value?: Record<string, unknown> }): void {
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
    register(req, (err: any, resp: any) => {
      if (!err) {
        records.push({
          mockUrn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent(),
          provider: req.getProvider(),
          inputs: decodeProviderInputs(req.getType(), redactSecrets(deserializeProperties(req.getObject()))),
          protect: Boolean(req.getProtect()),
          dependencies: req.getDependenciesList(),
          propertyDependencies: Object.fromEntries(
            [...req.getPropertydependenciesMap().entries()].map(([k, v]: [string, any]) => [k, v.getUrnsList()]),
          ),
          ignoreChanges: req.getIgnorechangesList(),
          retainOnDelete: Boolean(req.getRetainondelete()),
          importId: String(req.getImportid() ?? ""),
        });
      }
      callback(err, resp);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
    if (req.getUrn().includes(`::${ROOT_STACK_TYPE}::`)) {
      stackOutputs.value = redactSecrets(deserializeProperties(req.getOutputs())) as Record<string, unknown>;
    }
    return registerOutputs(req, callback);
  };
}

/** Providers receive nested inputs (such as defaultTags) as JSON text; the graph shows them as objects. */
function decodeProviderInputs(type: string, inputs: unknown): Record<string, unknown> {
  const obj = inputs as Record<string, unknown>;
  if (!type.startsWith("pulumi:providers:")) {
    return obj;
  }
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => {
      if (typeof v === "string" && /^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v)];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
}

function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactSecrets);
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[specialSigKey] === specialSecretSig) {
      return SECRET;
    }
    return Object.fromEntries(
      Object.entries(obj)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, redactSecrets(v)]),
    );
  }
  return value;
}

/**
 * Turns the records into the graph with engine-exact URNs: the mock keeps only the last parent type
 * in a URN, the engine keeps the whole chain below the root stack.
 */
function buildGraph(
  project: string,
  stack: string,
  records: Recorded[],
  outputs: Record<string, unknown>,
  mocks: OfflineMocks,
): Graph {
  const byMock = new Map(records.map((r) => [r.mockUrn, r]));
  const exact = new Map<string, string>();
  const qualifiedType = new Map<string, string>();
  const resolve = (mockUrn: string): string => {
    const known = exact.get(mockUrn);
    if (known) {
      return known;
    }
    const r = byMock.get(mockUrn);
    if (!r) {
      return mockUrn;
    }
    const parent = r.parent ? byMock.get(r.parent) : undefined;
    if (parent && parent.type !== ROOT_STACK_TYPE) {
      resolve(parent.mockUrn);
    }
    const parentType = parent && parent.type !== ROOT_STACK_TYPE ? qualifiedType.get(parent.mockUrn) : undefined;
    const qualified = parentType ? `${parentType}$${r.type}` : r.type;
    qualifiedType.set(mockUrn, qualified);
    const urn = `urn:pulumi:${stack}::${project}::${qualified}::${r.name}`;
    exact.set(mockUrn, urn);
    return urn;
  };
  // A provider without a region (Kubernetes) is placed where its siblings are: a cluster's provider is a
  // child of the cluster component, next to the cluster itself.
  const siblingRegion = (r: Recorded) =>
    records
      .filter((x) => x.parent === r.parent && x !== r && x.provider)
      .map((x) => mocks.regionOf(x.provider))
      .find((region) => region !== undefined);
  const resources: GraphResource[] = records.map((r) => {
    const ownRegion = r.inputs.region ?? r.inputs.location;
    const region =
      typeof ownRegion === "string"
        ? ownRegion
        : r.provider
          ? (mocks.regionOf(r.provider) ?? regionOfProvider(r.provider))
          : r.type.startsWith("pulumi:providers:")
            ? siblingRegion(r)
            : undefined;
    const providerRef = r.provider ? resolve(providerUrn(r.provider)) : "";
    return {
      urn: resolve(r.mockUrn),
      type: r.type,
      name: r.name,
      custom: r.custom,
      parent: r.parent ? resolve(r.parent) : undefined,
      provider: providerRef,
      region: region || undefined,
      inputs: r.inputs,
      protect: r.protect,
      dependsOn: [...new Set(r.dependencies.map(resolve))].sort(),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies)
          .filter(([, urns]) => urns.length > 0)
          .map(([k, urns]) => [k, [...new Set(urns.map(resolve))].sort()]),
      ),
      ignoreChanges: r.ignoreChanges,
      retainOnDelete: r.retainOnDelete,
      ...(r.importId !== "" ? { importId: r.importId } : {}),
    };
  });
  return { stack, project, resources, outputs };

  function regionOfProvider(ref: string): string | undefined {
    const provider = byMock.get(providerUrn(ref));
    return provider ? siblingRegion(provider) : undefined;
  }
}
