import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { EnforcementLevel, PolicyConfig, PolicyInfo } from "./pack-config";

/**
 * A policy pack running as its own process, spoken to over the analyzer gRPC protocol the way the Pulumi
 * engine does: the same launcher the CLI's policy plugin uses (@pulumi/pulumi/cmd/run-policy-pack), the
 * port read from the pack's first line of stdout, then GetAnalyzerInfo, Configure, ConfigureStack,
 * Analyze per resource and AnalyzeStack. Enforcement levels and config are therefore applied by
 * @pulumi/policy itself, exactly as under `pulumi preview --policy-pack`.
 */

export interface PackInfo {
  readonly name: string;
  readonly version: string;
  readonly policies: PolicyInfo[];
  readonly initialConfig: Record<string, PolicyConfig>;
}

export interface Diagnostic {
  readonly policy: string;
  readonly pack: string;
  readonly packVersion: string;
  readonly message: string;
  readonly urn: string;
  readonly level: EnforcementLevel;
  readonly severity: string;
  readonly description: string;
}

/** One resource as the engine describes it to an analyzer. */
export interface AnalyzedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly parent?: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly provider?: {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Record<string, unknown>;
  };
}

const LEVELS: Record<number, EnforcementLevel> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.DISABLED]: "disabled",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};
const SEVERITIES: Record<number, string> = {
  [pb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** Properties as a protobuf Struct: JSON values only (undefined dropped), like the engine's marshalling. */
const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

const LAUNCHER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");

export class AnalyzerProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: rpc.AnalyzerClient,
  ) {}

  /**
   * Starts the pack in `packDir`. The engine address argument is not used by Node packs (they log through
   * stderr), so a placeholder stands in for it. Rejects with the pack's stderr if it exits before serving.
   * `launcher` is the SDK's run-policy-pack to start it with: by default this repository's; an installed
   * copy of the pack is started with the SDK installed beside it (tools/policy/smoke-packed.ts).
   */
  static start(packDir: string, timeoutMs = 120_000, launcher = LAUNCHER): Promise<AnalyzerProcess> {
    const child = spawn(process.execPath, [launcher, "127.0.0.1:0", "."], {
      cwd: path.resolve(packDir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new Error(`the policy pack in ${packDir} did not print its port within ${timeoutMs / 1000}s\n${stderr}`),
        );
      }, timeoutMs);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the policy pack in ${packDir} exited with code ${code} before serving\n${stderr}`));
      });
      child.stdout!.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split("\n")[0];
        if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          const client = new rpc.AnalyzerClient(`127.0.0.1:${line.trim()}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
          });
          resolve(new AnalyzerProcess(child, client));
        }
      });
    });
  }

  private call<Req, Res>(
    method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
  ) {
    return new Promise<Res>((resolve, reject) =>
      method.call(this.client, req, (err, res) =>
        err ? reject(new Error(`policy pack: ${err.details ?? err.message}`)) : resolve(res),
      ),
    );
  }

  async info(): Promise<PackInfo> {
    const info = await this.call<Empty, pb.AnalyzerInfo>(this.client.getAnalyzerInfo, new Empty());
    const initialConfig: Record<string, PolicyConfig> = {};
    info.getInitialconfigMap().forEach((c, name) => {
      initialConfig[name] = {
        enforcementLevel: LEVELS[c.getEnforcementlevel()],
        properties: c.getProperties()?.toJavaScript(),
      };
    });
    return {
      name: info.getName(),
      version: info.getVersion(),
      initialConfig,
      policies: info.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()],
          ...(schema
            ? {
                configSchema: {
                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                  required: schema.getRequiredList(),
                },
              }
            : {}),
        };
      }),
    };
  }

  async configure(config: Map<string, PolicyConfig>): Promise<void> {
    const req = new pb.ConfigureAnalyzerRequest();
    for (const [name, c] of config) {
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel ?? "advisory"]);
      pc.setProperties(struct(c.properties ?? {}));
      req.getPolicyconfigMap().set(name, pc);
    }
    await this.call(this.client.configure, req);
  }

  async configureStack(stack: {
    stack: string;
    project: string;
    organization: string;
    dryRun: boolean;
  }): Promise<void> {
    const req = new pb.AnalyzerStackConfigureRequest();
    req.setStack(stack.stack);
    req.setProject(stack.project);
    req.setOrganization(stack.organization);
    req.setDryRun(stack.dryRun);
    await this.call(this.client.configureStack, req);
  }

  async analyze(r: AnalyzedResource): Promise<Diagnostic[]> {
    const req = new pb.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(struct(r.properties));
    req.setOptions(options(r));
    if (r.provider) req.setProvider(provider(r.provider));
    return diagnostics(await this.call<pb.AnalyzeRequest, pb.AnalyzeResponse>(this.client.analyze, req));
  }

  async analyzeStack(resources: readonly AnalyzedResource[]): Promise<Diagnostic[]> {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const ar = new pb.AnalyzerResource();
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(struct(r.properties));
        ar.setOptions(options(r));
        if (r.parent) ar.setParent(r.parent);
        ar.setDependenciesList([...r.dependencies]);
        for (const [property, urns] of Object.entries(r.propertyDependencies)) {
          const deps = new pb.AnalyzerPropertyDependencies();
          deps.setUrnsList([...urns]);
          ar.getPropertydependenciesMap().set(property, deps);
        }
        if (r.provider) ar.setProvider(provider(r.provider));
        return ar;
      }),
    );
    return diagnostics(await this.call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(this.client.analyzeStack, req));
  }

  /** Stops the pack; the engine does the same when the preview ends. */
  close(): void {
    this.client.close();
    this.child.kill();
  }
}

function options(r: AnalyzedResource): pb.AnalyzerResourceOptions {
  const o = new pb.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList([...r.ignoreChanges]);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function provider(p: NonNullable<AnalyzedResource["provider"]>): pb.AnalyzerProviderResource {
  const ap = new pb.AnalyzerProviderResource();
  ap.setType(p.type);
  ap.setUrn(p.urn);
  ap.setName(p.name);
  ap.setProperties(struct(p.properties));
  return ap;
}

function diagnostics(res: pb.AnalyzeResponse): Diagnostic[] {
  return res.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    pack: d.getPolicypackname(),
    packVersion: d.getPolicypackversion(),
    message: d.getMessage(),
    urn: d.getUrn(),
    level: LEVELS[d.getEnforcementlevel()],
    severity: SEVERITIES[d.getSeverity()] ?? "",
    description: d.getDescription(),
  }));
}
