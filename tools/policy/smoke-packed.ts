import * as path from "path";
import { allPolicies, PACK_NAME } from "../../policy/policies";
import { AnalyzerProcess } from "./analyzer";

/**
 * Proves that a packed copy of the policy pack loads on its own (.ci/run; docs/model.md): given a folder
 * where the pack's tarball was installed (`npm install <tarball>` into an empty folder), it starts the
 * installed pack with the SDK installed beside it (that folder's @pulumi/pulumi/cmd/run-policy-pack), asks
 * for its analyzer info over gRPC as the engine does, and checks the name and the rule count against the
 * pack's source. Exit 0 when they match, 1 otherwise.
 *
 *   node -r ./tools/register.js tools/policy/smoke-packed.ts <install-folder>
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [folder] = argv;
  if (!folder) {
    console.error("usage: smoke-packed.ts <folder the pack's tarball was installed in>");
    return 2;
  }
  const root = path.resolve(folder, "node_modules");
  const launcher = path.join(root, "@pulumi", "pulumi", "cmd", "run-policy-pack");
  const packDir = path.join(root, "dr-platform-policy");
  const expected = allPolicies().length;
  let analyzer: AnalyzerProcess | undefined;
  try {
    analyzer = await AnalyzerProcess.start(packDir, 60_000, require.resolve(launcher));
    const info = await analyzer.info();
    const ok = info.name === PACK_NAME && info.policies.length === expected;
    console.log(
      `${ok ? "ok" : "FAIL"}: the packed pack ${info.name} ${info.version} serves ${info.policies.length} rules ` +
        `(its source has ${expected}: ${PACK_NAME})`,
    );
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`FAIL: the packed pack did not load: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    analyzer?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
