import * as assert from "node:assert/strict";
import { clusterParameters } from "../../../components/data/aurora-parameters";
import { pglogicalParameters } from "../../../components/gcp-dms";

/** The cluster parameter list is pure: one preload list whoever asks for a library, audit settings by default. */
describe("Aurora cluster parameters", () => {
  const preload = (ps: ReturnType<typeof clusterParameters>) =>
    ps.filter((p) => p.name === "shared_preload_libraries").map((p) => p.value);

  it("loads pglogical, pgaudit and Aurora's default library in one shared_preload_libraries", () => {
    const ps = clusterParameters(pglogicalParameters(), true);
    assert.deepEqual(preload(ps), ["pg_stat_statements,pglogical,pgaudit"]);
    assert.ok(
      ps.some((p) => p.name === "rds.logical_replication" && p.value === "1"),
      "pglogical's own kept",
    );
  });

  it("sets no preload list at all when nothing needs one (Aurora's default stays)", () => {
    assert.deepEqual(preload(clusterParameters([], false)), []);
    assert.deepEqual(
      clusterParameters([], false).map((p) => p.name),
      ["rds.force_ssl"],
    );
  });

  it("names every parameter once", () => {
    const names = clusterParameters(pglogicalParameters(), true).map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
  });
});
