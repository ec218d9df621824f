import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, loadStackConfig, parseOverride } from "../tools/offline/stack-files";

/**
 * Reading stack files the way the Pulumi CLI hands config to a program (full keys, string values),
 * offline. The repository's own stacks are read as they are; secrets and unusual layouts use a
 * throwaway project directory.
 */

const PROD_KEYS = [
  "pulumi:disable-default-providers",
  "dr-platform:logRetentionDays",
  "dr-platform:environment",
  "dr-platform:drMode",
  "dr-platform:primary",
  "dr-platform:secondary",
  "dr-platform:dns",
  "dr-platform:tags",
  "dr-platform:eks",
  "dr-platform:workload",
  "dr-platform:database",
  "dr-platform:protection",
  "dr-platform:drTargets",
  "dr-platform:resilience",
];

describe("stack files: the repository's stacks", () => {
  it("lists dev, staging and prod in that order", () => {
    assert.deepEqual(listStacks(), ["dev", "staging", "prod"]);
  });

  it("loads prod with full keys and string values, as the engine passes them", () => {
    const { project, stack, config, secretKeys } = loadStackConfig("prod");
    assert.equal(project, "dr-platform");
    assert.equal(stack, "prod");
    assert.deepEqual(Object.keys(config).sort(), [...PROD_KEYS].sort());
    assert.ok(
      Object.values(config).every((v) => typeof v === "string"),
      "every value is a string",
    );
    assert.deepEqual(secretKeys, []);
  });

  it("keeps plain strings unquoted and encodes numbers, lists and objects as JSON", () => {
    const { config } = loadStackConfig("prod");
    assert.equal(config["dr-platform:environment"], "prod");
    assert.equal(config["dr-platform:drMode"], "warm-standby");
    assert.equal(config["dr-platform:logRetentionDays"], "90");
    assert.equal(config["pulumi:disable-default-providers"], '["*"]');
    assert.equal(config["dr-platform:dns"], '{"zoneName":"example.com","recordName":"app.example.com"}');
    assert.deepEqual(JSON.parse(config["dr-platform:primary"]), {
      region: "ap-northeast-2",
      azCount: 3,
      vpcCidr: "10.0.0.0/16",
      natGateways: "per-az",
      nodeGroups: {
        general: {
          instanceTypes: ["m6i.xlarge", "m5.xlarge"],
          capacityType: "ON_DEMAND",
          minSize: 2,
          desiredSize: 2,
          maxSize: 6,
        },
      },
    });
  });

  it("takes the stack file's value over the project default (dev keeps logs 7 days, not 90)", () => {
    assert.equal(loadStackConfig("dev").config["dr-platform:logRetentionDays"], "7");
  });

  it("changes only secondary.cloud under the override secondary.cloud=gcp", () => {
    const base = loadStackConfig("prod").config;
    const moved = loadStackConfig("prod", [parseOverride("secondary.cloud=gcp")]).config;
    const { cloud: baseCloud, ...baseRest } = JSON.parse(base["dr-platform:secondary"]);
    const { cloud: movedCloud, ...movedRest } = JSON.parse(moved["dr-platform:secondary"]);
    assert.equal(baseCloud, "aws");
    assert.equal(movedCloud, "gcp");
    assert.deepEqual(movedRest, baseRest);
    for (const key of PROD_KEYS.filter((k) => k !== "dr-platform:secondary")) {
      assert.equal(moved[key], base[key], key);
    }
  });

  it("applies overrides in order with YAML-typed values, creating missing objects on the way", () => {
    const { config } = loadStackConfig("prod", [
      parseOverride("primary.azCount=4"),
      parseOverride("logRetentionDays=30"),
      parseOverride("primary.azCount=5"),
      parseOverride("secondary.gcp.nodePool.labels.team=sre"),
      parseOverride("extra.flag=true"),
    ]);
    assert.equal(JSON.parse(config["dr-platform:primary"]).azCount, 5);
    assert.equal(config["dr-platform:logRetentionDays"], "30");
    assert.deepEqual(JSON.parse(config["dr-platform:secondary"]).gcp.nodePool, {
      machineType: "e2-standard-4",
      minNodesPerZone: 1,
      maxNodesPerZone: 4,
      labels: { team: "sre" },
    });
    assert.equal(config["dr-platform:extra"], '{"flag":true}');
  });

  it("keeps a key that names its namespace, such as aws:region, as given", () => {
    const { config } = loadStackConfig("prod", [parseOverride("aws:region=us-east-1")]);
    assert.equal(config["aws:region"], "us-east-1");
    assert.equal(config["dr-platform:aws:region"], undefined);
  });

  it("fails on an unknown stack, naming the file it looked for and the known stacks", () => {
    assert.throws(() => loadStackConfig("qa"), {
      message: 'no stack file for stack "qa" (looked for stacks/Pulumi.qa.yaml); stacks: dev, staging, prod',
    });
  });
});

describe("stack files: parseOverride", () => {
  const cases: [string, string, unknown][] = [
    ["secondary.cloud=gcp", "secondary.cloud", "gcp"],
    ["primary.azCount=3", "primary.azCount", 3],
    ["extra.enabled=false", "extra.enabled", false],
    ['environment="3"', "environment", "3"],
    ["dns.recordName=a=b", "dns.recordName", "a=b"],
    ["primary.vpcCidr=10.0.0.0/16", "primary.vpcCidr", "10.0.0.0/16"],
    ["tags.owner=", "tags.owner", null],
    [
      "primary.nodeGroups.general.instanceTypes=[m6i.large, m5.large]",
      "primary.nodeGroups.general.instanceTypes",
      ["m6i.large", "m5.large"],
    ],
  ];
  for (const [text, key, value] of cases) {
    it(`parses ${text}`, () => {
      assert.deepEqual(parseOverride(text), [key, value]);
    });
  }

  for (const text of ["secondary.cloud", "=gcp", ""]) {
    it(`fails on ${JSON.stringify(text)}, showing the expected form`, () => {
      assert.throws(() => parseOverride(text), {
        message: `--set expects path=value (for example secondary.cloud=gcp), got "${text}"`,
      });
    });
  }
});

describe("stack files: a throwaway project with secrets", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(
      path.join(root, "Pulumi.yaml"),
      [
        "name: demo",
        "runtime: nodejs",
        "stackConfigDir: stacks",
        "config:",
        "  greeting:",
        "    type: string",
        "    default: hello",
        "  retries:",
        "    default: 3",
        "  region:",
        "    type: string",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(root, "stacks", "Pulumi.x.yaml"),
      [
        "encryptionsalt: v1:salt",
        "config:",
        "  demo:password:",
        "    secure: v1:abc",
        "  demo:db:",
        "    host: db.internal",
        "    password:",
        "      secure: v1:def",
        "    replicas:",
        "      - name: a",
        "        token:",
        "          secure: v1:ghi",
        "  demo:notSecret:",
        "    secure: v1:jkl",
        "    note: two keys, so not a secure value",
        "  demo:greeting: hi",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.alpha.yaml"), "");
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.prod.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(root, "stacks", "README.md"), "not a stack\n");
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.x.yml"), "not read: only .yaml\n");
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("replaces a top-level secure value with offline-secret:<key>", () => {
    const { config } = loadStackConfig("x", [], root);
    assert.equal(config["demo:password"], "offline-secret:demo:password");
  });

  it("replaces nested secure values with offline-secret:<key path>, inside objects and lists", () => {
    const { config } = loadStackConfig("x", [], root);
    assert.deepEqual(JSON.parse(config["demo:db"]), {
      host: "db.internal",
      password: "offline-secret:demo:db.password",
      replicas: [{ name: "a", token: "offline-secret:demo:db.replicas[0].token" }],
    });
  });

  it("lists exactly the keys that held a secure value as secret", () => {
    assert.deepEqual(loadStackConfig("x", [], root).secretKeys, ["demo:password", "demo:db"]);
  });

  it("leaves a map with other keys beside `secure` as plain config", () => {
    const { config } = loadStackConfig("x", [], root);
    assert.deepEqual(JSON.parse(config["demo:notSecret"]), {
      secure: "v1:jkl",
      note: "two keys, so not a secure value",
    });
  });

  it("merges project defaults under the stack file's values and ignores declarations without one", () => {
    const { project, config } = loadStackConfig("x", [], root);
    assert.equal(project, "demo");
    assert.equal(config["demo:greeting"], "hi");
    assert.equal(config["demo:retries"], "3");
    assert.ok(!("demo:region" in config));
  });

  it("reads an empty stack file as project defaults only", () => {
    assert.deepEqual(loadStackConfig("alpha", [], root).config, { "demo:greeting": "hello", "demo:retries": "3" });
  });

  it("qualifies override keys with this project's name", () => {
    const { config } = loadStackConfig("x", [parseOverride("db.host=db2.internal")], root);
    assert.equal(JSON.parse(config["demo:db"]).host, "db2.internal");
    assert.equal(JSON.parse(config["demo:db"]).password, "offline-secret:demo:db.password");
  });

  it("lists dev, staging and prod first, then the rest by name, from Pulumi.<stack>.yaml files only", () => {
    assert.deepEqual(listStacks(root), ["prod", "alpha", "x"]);
  });

  it("fails on an unknown stack, naming this project's stacks", () => {
    assert.throws(() => loadStackConfig("dev", [], root), {
      message: 'no stack file for stack "dev" (looked for stacks/Pulumi.dev.yaml); stacks: prod, alpha, x',
    });
  });
});
