import * as assert from "node:assert/strict";
import { at, AWS_SITE_PATHS, ConfigPath, int, num, str } from "../../stack-config/raw";

/**
 * The rule files read the raw config through typed paths (stack-config/raw.ts): a path the schema does not
 * have is a type error, so `npm run typecheck` (tsc over tests/) fails if the `@ts-expect-error` lines below
 * ever compile, that is if misspelt paths stop being refused.
 */
describe("stack config: typed config paths", () => {
  const raw = {
    primary: { azCount: 3, region: "ap-northeast-2", nodeGroups: { general: { minSize: 2 } } },
    database: { serverless: { minCapacity: 0.5 } },
  };

  it("reads the paths the schema has, records included", () => {
    assert.equal(int(raw, "primary.azCount"), 3);
    assert.equal(str(raw, "primary.region"), "ap-northeast-2");
    assert.equal(num(raw, "database.serverless.minCapacity"), 0.5);
    const group = "general";
    const minSize: ConfigPath = `primary.nodeGroups.${group}.minSize`;
    assert.equal(int(raw, minSize), 2);
    assert.deepEqual(
      AWS_SITE_PATHS.map((site) => at(raw, `${site}.azCount`)),
      [3, undefined],
    );
  });

  it("refuses a misspelt path at compile time and reads nothing through it", () => {
    // @ts-expect-error: the schema has no `primary.azCnt`
    assert.equal(at(raw, "primary.azCnt"), undefined);
    // @ts-expect-error: a node group has `minSize`, not `minimumSize`
    const misspelt: ConfigPath = `primary.nodeGroups.${"general"}.minimumSize`;
    assert.equal(int(raw, misspelt), undefined);
    // @ts-expect-error: `dr-platform:` namespaces are not part of a path
    assert.equal(str(raw, "dr-platform:primary.region"), undefined);
  });
});
