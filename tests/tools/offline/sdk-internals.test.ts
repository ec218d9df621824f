import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

/**
 * The offline tooling leans on three internals of @pulumi/pulumi that are not public API: the mock monitor
 * the renderer wraps (tools/offline/render.ts), the analyzer protobufs the policy runner speaks
 * (tools/policy/analyzer.ts), and the launcher the CLI starts policy packs with. Each check names what moved,
 * so an SDK upgrade fails here, loudly and first, rather than as a puzzling render or policy failure.
 */
const sdkVersion = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")).version;
const moved = (what: string, user: string) => `@pulumi/pulumi ${sdkVersion}: ${what} changed; ${user} relies on it`;

function methodsOf(proto: object | undefined, names: readonly string[]): string[] {
  return names.filter((n) => typeof (proto as Record<string, unknown> | undefined)?.[n] !== "function");
}

describe("SDK internals the offline tooling relies on", () => {
  it("the policy pack launcher the CLI uses", () => {
    assert.doesNotThrow(
      () => require.resolve("@pulumi/pulumi/cmd/run-policy-pack"),
      moved("cmd/run-policy-pack", "tools/policy/analyzer.ts"),
    );
  });

  it("the property (de)serialisation and its secret signature", () => {
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    assert.equal(typeof rpc.deserializeProperties, "function", moved("runtime/rpc.deserializeProperties", "render.ts"));
    assert.equal(typeof rpc.specialSecretSig, "string", moved("runtime/rpc.specialSecretSig", "render.ts"));
    assert.equal(typeof rpc.specialSigKey, "string", moved("runtime/rpc.specialSigKey", "render.ts"));
  });

  it("the resource monitor's requests, as the renderer reads them", () => {
    const resource = require("@pulumi/pulumi/proto/resource_pb");
    const getters = [
      "getType",
      "getName",
      "getCustom",
      "getParent",
      "getProvider",
      "getObject",
      "getProtect",
      "getDependenciesList",
      "getPropertydependenciesMap",
      "getIgnorechangesList",
      "getRetainondelete",
    ];
    assert.deepEqual(
      methodsOf(resource.RegisterResourceRequest?.prototype, getters),
      [],
      moved("RegisterResourceRequest", "render.ts"),
    );
    assert.deepEqual(
      methodsOf(resource.RegisterResourceOutputsRequest?.prototype, ["getUrn", "getOutputs"]),
      [],
      moved("RegisterResourceOutputsRequest", "render.ts"),
    );
  });

  it("the mock monitor the renderer wraps", async () => {
    await pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
      "probe",
      "probe",
      false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as object;
    assert.deepEqual(
      methodsOf(monitor, ["registerResource", "registerResourceOutputs"]),
      [],
      moved("the mock monitor", "render.ts"),
    );
  });

  it("the analyzer protobufs, as the policy runner builds and reads them", () => {
    const pb = require("@pulumi/pulumi/proto/analyzer_pb");
    const grpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

    assert.equal(typeof grpc.AnalyzerClient, "function", moved("proto/analyzer_grpc_pb.AnalyzerClient", "analyzer.ts"));
    const classes = [
      "AnalyzerInfo",
      "ConfigureAnalyzerRequest",
      "PolicyConfig",
      "AnalyzerStackConfigureRequest",
      "AnalyzeRequest",
      "AnalyzeResponse",
      "AnalyzeStackRequest",
      "AnalyzerResource",
      "AnalyzerPropertyDependencies",
      "AnalyzerResourceOptions",
      "AnalyzerProviderResource",
    ];
    assert.deepEqual(
      classes.filter((c) => typeof pb[c] !== "function"),
      [],
      moved("proto/analyzer_pb", "analyzer.ts"),
    );
    for (const [cls, methods] of Object.entries({
      AnalyzeRequest: ["setType", "setProperties", "setUrn", "setName", "setOptions", "setProvider"],
      AnalyzerResource: ["setType", "setProperties", "setUrn", "setName", "setParent", "setDependenciesList"],
      AnalyzerResourceOptions: ["setProtect", "setIgnorechangesList", "setParent"],
      AnalyzeResponse: ["getDiagnosticsList"],
      AnalyzerInfo: ["getName", "getVersion", "getPoliciesList", "getInitialconfigMap"],
    })) {
      assert.deepEqual(methodsOf(pb[cls].prototype, methods), [], moved(`proto/analyzer_pb.${cls}`, "analyzer.ts"));
    }
    for (const level of ["ADVISORY", "MANDATORY", "DISABLED", "REMEDIATE"]) {
      assert.equal(typeof pb.EnforcementLevel[level], "number", moved(`EnforcementLevel.${level}`, "analyzer.ts"));
    }
  });
});
