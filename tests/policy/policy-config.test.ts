import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { PROFILES } from "../../stack-config/profiles";
import { ENVIRONMENTS } from "../../stack-config/schema";
import { POLICY_CONFIG_DIR, policyConfigFor } from "../../tools/policy/environment-config";
import {
  parsePolicyConfig,
  PolicyConfigError,
  PolicyInfo,
  reconcilePolicyConfig,
} from "../../tools/policy/pack-config";
import { render } from "../harness";
import { copy, judgeWith, lines, removeResources } from "../policy-harness";

const POLICIES: PolicyInfo[] = [
  {
    name: "subnets-across-azs",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minAzs: { type: "integer", minimum: 1, default: 3 } } },
  },
  { name: "nat-per-az", enforcementLevel: "mandatory" },
];

describe("policy config: parsed and reconciled as the engine does", () => {
  it("reads levels as strings or objects, properties apart from the level", () => {
    assert.deepEqual(parsePolicyConfig('{"all":"advisory","a":{"enforcementLevel":"disabled","x":1},"b":{}}', "f"), {
      all: { enforcementLevel: "advisory" },
      a: { enforcementLevel: "disabled", properties: { x: 1 } },
    });
  });

  it("refuses an unknown level, a non-object value and bad JSON, naming the file and policy", () => {
    const error = (text: string) => {
      try {
        parsePolicyConfig(text, "prod.json");
      } catch (err) {
        assert.ok(err instanceof PolicyConfigError);
        return err.message;
      }
      return "no error";
    };
    assert.equal(
      error('{"a":"strict"}'),
      'prod.json: parsing enforcement level for "a": "strict" is not a valid enforcement level',
    );
    assert.equal(error('{"a":3}'), 'prod.json: parsing "a": 3 is not a valid value; must be a string or object');
    assert.match(error("{"), /^prod\.json: not valid JSON/);
  });

  it("fills schema defaults, then the pack's initial config, then the file ('all' before named policies)", () => {
    const { config, errors } = reconcilePolicyConfig(
      POLICIES,
      { "nat-per-az": { enforcementLevel: "advisory" } },
      { all: { enforcementLevel: "disabled" }, "subnets-across-azs": { properties: { minAzs: 2 } } },
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(Object.fromEntries(config), {
      "subnets-across-azs": { enforcementLevel: "disabled", properties: { minAzs: 2 } },
      "nat-per-az": { enforcementLevel: "disabled", properties: undefined },
      // The engine's applyConfig copies "all" through as an entry of its own, and so does this runner.
      all: { enforcementLevel: "disabled", properties: undefined },
    });
  });

  it("refuses an empty file, naming it ({} keeps the defaults)", () => {
    for (const text of ["", "  \n"]) {
      assert.throws(
        () => parsePolicyConfig(text, "policy/config/prod.json"),
        (err: Error) =>
          err instanceof PolicyConfigError &&
          err.message ===
            "policy/config/prod.json: empty; a policy config is a JSON object of policy names (`{}` keeps the pack's defaults)",
      );
    }
    assert.deepEqual(parsePolicyConfig("{}", "f"), {});
  });

  it("names a setting no policy schema declares, with the settings there are", () => {
    const { errors } = reconcilePolicyConfig(
      POLICIES,
      {},
      {
        "subnets-across-azs": { properties: { minAz: 2 } },
        "nat-per-az": { enforcementLevel: "advisory", properties: { perAz: true } },
      },
    );
    assert.deepEqual(errors, [
      'subnets-across-azs: minAz: no such setting (did you mean "minAzs"?); its settings are minAzs',
      "nat-per-az: perAz: no such setting; it takes none",
    ]);
  });

  it("finds no unknown policy or setting in the shipped config files", () => {
    const infos: PolicyInfo[] = allPolicies().map((p) => ({
      name: p.name,
      enforcementLevel: p.enforcementLevel ?? "mandatory",
      configSchema: p.configSchema as PolicyInfo["configSchema"],
    }));
    for (const env of ENVIRONMENTS) {
      const file = path.join(POLICY_CONFIG_DIR, `${env}.json`);
      const { errors } = reconcilePolicyConfig(infos, {}, parsePolicyConfig(fs.readFileSync(file, "utf8"), file));
      assert.deepEqual(errors, [], env);
    }
  });

  it("validates properties against each policy's schema and names unknown policies", () => {
    const { errors } = reconcilePolicyConfig(
      POLICIES,
      {},
      {
        "subnets-across-azs": { properties: { minAzs: "three" } },
        "nat-per-zone": { enforcementLevel: "advisory" },
      },
    );
    assert.deepEqual(errors, [
      "subnets-across-azs: minAzs: must be integer",
      "nat-per-zone: no such policy in the pack",
    ]);
  });
});

describe("policy config: generated from the environment profile table", () => {
  const fix = "regenerate: npm run docs";

  it("ships exactly one file per environment of the table", () => {
    assert.deepEqual(
      fs
        .readdirSync(POLICY_CONFIG_DIR)
        .filter((f) => f.endsWith(".json"))
        .sort(),
      ENVIRONMENTS.map((e) => `${e}.json`).sort(),
    );
  });

  for (const env of ENVIRONMENTS) {
    it(`policy/config/${env}.json is policyConfigFor("${env}")`, () => {
      const shipped = JSON.parse(fs.readFileSync(path.join(POLICY_CONFIG_DIR, `${env}.json`), "utf8"));
      assert.deepStrictEqual(shipped, policyConfigFor(env), `policy/config/${env}.json drifted from the table; ${fix}`);
    });
  }

  it("sets every knob the table decides from its capability", () => {
    const infos: PolicyInfo[] = allPolicies().map((p) => ({
      name: p.name,
      enforcementLevel: p.enforcementLevel ?? "mandatory",
      configSchema: p.configSchema as PolicyInfo["configSchema"],
    }));
    for (const env of ENVIRONMENTS) {
      const profile = PROFILES[env];
      const { config } = reconcilePolicyConfig(infos, {}, parsePolicyConfig(JSON.stringify(policyConfigFor(env)), env));
      const knob = (rule: string, name: string) => config.get(rule)?.properties?.[name];
      const level = (rule: string) => config.get(rule)?.enforcementLevel;
      for (const rule of ["subnets-across-azs", "eks-control-plane-azs", "node-groups-across-azs"]) {
        assert.equal(knob(rule, "minAzs"), profile.minAzCount, `${env} ${rule}`);
      }
      assert.ok((knob("aurora-multi-az", "minInstances") as number) >= profile.minDatabaseInstances, env);
      assert.equal(knob("backup-retention", "minDays"), profile.minBackupRetentionDays, env);
      assert.ok((knob("eks-upgrade-policy", "supportTypes") as string[]).includes(profile.eksSupportType), env);
      assert.equal(knob("off-hours-schedule", "required"), profile.requireSchedule, env);
      if (profile.allowedInstanceTypes) {
        assert.deepEqual(knob("allowed-instance-types", "allowed"), profile.allowedInstanceTypes, env);
      }
      const zonal = profile.azLossPromise === "no-loss-of-service" ? "mandatory" : "advisory";
      for (const rule of ["subnets-across-azs", "nat-per-az", "aurora-multi-az", "workload-resilience"]) {
        assert.equal(level(rule), zonal, `${env} ${rule}`);
      }
      const failover = profile.regionLossPromise === "failover-within-targets" ? "mandatory" : "advisory";
      assert.equal(level("dns-failover-pair"), failover, env);
      assert.equal(level("stateful-protected"), profile.requireProtection ? "mandatory" : "disabled", env);
      assert.equal(level("no-force-destroy"), profile.keepDataOnDestroy ? "mandatory" : "disabled", env);
      if (profile.azLossPromise === "no-loss-of-service") {
        assert.ok((knob("aurora-multi-az", "minInstances") as number) >= 2, `${env}: a reader in another AZ`);
      }
    }
  });
});

describe("policy config: reaches the rules through the pack's Configure call", function () {
  this.timeout(120_000);
  // Prod with its third AZ's subnets gone: the AZ floor comes only from config sent over gRPC.
  const twoAzProd = async () =>
    removeResources(
      copy(await render({ stack: "prod" })),
      (r) => r.type === "aws:ec2/subnet:Subnet" && /-az3$/.test(r.name),
    );
  const subnetRule = (v: Awaited<ReturnType<typeof judgeWith>>) =>
    v.diagnostics
      .filter((d) => d.policy === "subnets-across-azs")
      .map((d) => `${d.level}: ${d.message.split("\n")[1]}`);

  it("judges with the schema default (3 AZs) when the file does not set it", async () => {
    const verdict = await judgeWith(await twoAzProd(), { all: "disabled", "subnets-across-azs": "mandatory" });
    assert.deepEqual(subnetRule(verdict), [
      'mandatory: aws:ec2/vpc:Vpc "primary-network" has subnets in 2 AZ(s) (ap-northeast-2a, ap-northeast-2b); at least 3 are required. Fix: raise `primary.azCount` (pulumi config set --path primary.azCount 3).',
    ]);
  });

  it("passes the same graph when the config lowers minAzs to 2", async () => {
    const verdict = await judgeWith(await twoAzProd(), {
      all: "disabled",
      "subnets-across-azs": { enforcementLevel: "mandatory", minAzs: 2 },
    });
    assert.deepEqual(lines(verdict), []);
  });

  it("reports at the level the config gives ('all' advisory)", async () => {
    const verdict = await judgeWith(await twoAzProd(), { all: "advisory" });
    assert.deepEqual(
      [...new Set(verdict.diagnostics.map((d) => d.level))],
      ["advisory"],
      "every diagnostic is advisory",
    );
    assert.equal(verdict.mandatory, 0);
    assert.ok(verdict.diagnostics.some((d) => d.policy === "subnets-across-azs"));
  });

  it("refuses a config whose properties break the rule's schema, before judging anything", async () => {
    await assert.rejects(
      judgeWith(await twoAzProd(), { "subnets-across-azs": { minAzs: 0 } }),
      (err: Error) => err instanceof PolicyConfigError && /subnets-across-azs: minAzs: must be >= 1/.test(err.message),
    );
  });
});
