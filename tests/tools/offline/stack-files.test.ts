import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseEngineConfig } from "../../../stack-config";
import { withExitCodes } from "../../../tools/offline/cli";
import { selectStacks } from "../../../tools/offline/render-stack";
import { ConfigProblemsError, listStacks, loadStackConfig, parseOverride } from "../../../tools/offline/stack-files";

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
  "dr-platform:alarms",
  // Not in the stack file: Pulumi.yaml's default, which the engine passes like any value.
  "dr-platform:activeSite",
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

  // The bracket paths the fix lines print (`pulumi config set --path 'schedule.holidays[0]' ...`).
  const bracketCases: [string, string, unknown][] = [
    ["schedule.holidays[0]=2026-12-25", "schedule.holidays[0]", "2026-12-25"],
    ["primary.nodeGroups.general.instanceTypes[1]=m5.large", "primary.nodeGroups.general.instanceTypes[1]", "m5.large"],
    ['tags["cost.center"]=cc-1', 'tags["cost.center"]', "cc-1"],
    ['tags["a=b"].c=1', 'tags["a=b"].c', 1],
  ];
  for (const [text, key, value] of bracketCases) {
    it(`parses the bracket path ${text}`, () => {
      assert.deepEqual(parseOverride(text), [key, value]);
    });
  }

  const refused: [string, string][] = [
    [
      "__proto__.polluted=1",
      '--set path "__proto__.polluted": "__proto__" names a JavaScript object prototype, not a config key; config paths never contain __proto__, constructor, prototype',
    ],
    [
      "primary.constructor.prototype=1",
      '--set path "primary.constructor.prototype": "constructor" names a JavaScript object prototype, not a config key; config paths never contain __proto__, constructor, prototype',
    ],
    [
      "schedule.holidays[0].prototype=1",
      '--set path "schedule.holidays[0].prototype": "prototype" names a JavaScript object prototype, not a config key; config paths never contain __proto__, constructor, prototype',
    ],
    [
      'tags["__proto__"]=1',
      '--set path "tags[\\"__proto__\\"]": "__proto__" names a JavaScript object prototype, not a config key; config paths never contain __proto__, constructor, prototype',
    ],
    ["primary..azCount=3", '--set path "primary..azCount": empty key at character 9'],
    ["schedule.holidays[x]=1", '--set path "schedule.holidays[x]": expected a list index like [0] at character 18'],
    ["schedule.holidays[0=1", '--set path "schedule.holidays[0": expected a list index like [0] at character 18'],
    ["[0]=1", '--set path "[0]": empty key at character 1'],
    ["a[0]b=1", '--set path "a[0]b": expected "." or "[" at character 5'],
    ["tags.owner=[a,", "--set tags.owner: the value is not valid YAML (Flow sequence must end with a ])"],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${text}, saying why`, () => {
      assert.throws(() => parseOverride(text), { message });
    });
  }

  it("turns a refused path into a usage error (exit 2) when the tools parse --set", () => {
    assert.throws(
      () => selectStacks({ all: false, positionals: ["prod"], set: ["__proto__.polluted=1"] }),
      (err: Error) => err.constructor.name === "UsageError" && /names a JavaScript object prototype/.test(err.message),
    );
  });
});

describe("stack files: overrides on bracket paths", () => {
  const holidays = (...overrides: string[]) =>
    JSON.parse(loadStackConfig("dev", overrides.map(parseOverride)).config["dr-platform:schedule"]).holidays;

  it("replaces a list element by its index", () => {
    assert.deepEqual(holidays("schedule.holidays[0]=2026-12-24").slice(0, 2), ["2026-12-24", "2027-01-01"]);
  });

  it("appends at the index one past the end, as the CLI does", () => {
    assert.deepEqual(holidays("schedule.holidays[6]=2027-05-05").slice(5), ["2027-03-01", "2027-05-05"]);
  });

  it("creates lists and objects on the way to a new path", () => {
    const { config } = loadStackConfig("prod", [parseOverride("extra.list[0]=a"), parseOverride("extra.list[1].k=v")]);
    assert.deepEqual(JSON.parse(config["dr-platform:extra"]), { list: ["a", { k: "v" }] });
  });

  const misfits: [string, string][] = [
    [
      "schedule.holidays[9]=2027-05-05",
      "--set schedule.holidays[9]: `schedule.holidays` has 6 element(s); an index replaces one (0 to 5) or adds one at 6",
    ],
    [
      "schedule.holidays.first=2027-05-05",
      "--set schedule.holidays.first: `schedule.holidays` is a list, not a mapping, so it has no key `first`",
    ],
    [
      "primary.region[0]=x",
      '--set primary.region[0]: `primary.region` is the string "ap-northeast-2", not a list, so it has no element [0]',
    ],
  ];
  for (const [text, message] of misfits) {
    it(`fails on ${text}, which does not fit the value there (a config problem, exit 1)`, () => {
      assert.throws(
        () => loadStackConfig("dev", [parseOverride(text)]),
        (err: Error) => err instanceof ConfigProblemsError && err.message === message,
      );
    });
  }

  it("never writes through a prototype, even when an override bypasses parseOverride", () => {
    assert.throws(
      () => loadStackConfig("dev", [["primary.__proto__.polluted", 1]]),
      /names a JavaScript object prototype/,
    );
    assert.throws(() => loadStackConfig("dev", [["constructor", 1]]), /names a JavaScript object prototype/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
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

describe("stack files: files that are not YAML mappings", () => {
  let root: string;
  const files: Record<string, string> = {
    syntax: "config:\n  demo:a: b: c\n",
    list: "- config\n",
    scalar: "just text\n",
    configlist: "config:\n  - demo:a\n",
    typo: "confg:\n  demo:a: 1\nsecretprovider: x\n",
    dup: "config:\n  demo:a: 1\n  demo:a: 2\n\tdemo:b: 3\n",
    bare: "config:\n  demo:greeting: hi\n  alarms: {}\n  demo:retries: 4\n",
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-bad-"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: demo\nruntime: nodejs\nstackConfigDir: stacks\n");
    for (const [stack, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), text);
    }
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const cases: [string, string[]][] = [
    [
      "syntax",
      [
        "Stack file `stacks/Pulumi.syntax.yaml` is invalid (1 problem):",
        "  - line 2, column 11: nested mappings are not allowed in compact mappings (not valid YAML). Fix: correct the file there, or rewrite the key with `pulumi config set`",
      ],
    ],
    [
      "list",
      [
        "Stack file `stacks/Pulumi.list.yaml` is invalid (1 problem):",
        "  - the document is a list; expected a mapping with a `config:` key. Fix: start the file with `config:`",
      ],
    ],
    [
      "scalar",
      [
        "Stack file `stacks/Pulumi.scalar.yaml` is invalid (1 problem):",
        '  - the document is the string "just text"; expected a mapping with a `config:` key. Fix: start the file with `config:`',
      ],
    ],
    [
      "configlist",
      [
        "Stack file `stacks/Pulumi.configlist.yaml` is invalid (1 problem):",
        "  - `config`: got a list; expected a mapping of keys to values. Fix: write each key on its own line under `config:`, e.g. `  demo:environment: prod`",
      ],
    ],
    [
      "typo",
      [
        "Stack file `stacks/Pulumi.typo.yaml` is invalid (2 problems):",
        "  - `confg`: not a stack file key (did you mean `config`?); the keys are config, encryptionsalt, secretsprovider, encryptedkey, environment. Fix: rename it to `config`",
        "  - `secretprovider`: not a stack file key (did you mean `secretsprovider`?); the keys are config, encryptionsalt, secretsprovider, encryptedkey, environment. Fix: rename it to `secretsprovider`",
      ],
    ],
    [
      "dup",
      [
        "Stack file `stacks/Pulumi.dup.yaml` is invalid (2 problems):",
        "  - line 3, column 3: map keys must be unique (not valid YAML). Fix: correct the file there, or rewrite the key with `pulumi config set`",
        "  - line 4, column 1: tabs are not allowed as indentation (not valid YAML). Fix: correct the file there, or rewrite the key with `pulumi config set`",
      ],
    ],
  ];
  for (const [stack, message] of cases) {
    it(`fails on the ${stack} file with a config problem naming it`, () => {
      assert.throws(
        () => loadStackConfig(stack, [], root),
        (err: Error) => err instanceof ConfigProblemsError && err.message === message.join("\n"),
      );
    });
  }

  it("fails on a project file that is not a mapping, naming it", () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-project-"));
    try {
      fs.writeFileSync(path.join(broken, "Pulumi.yaml"), "name: [demo\n");
      assert.throws(() => listStacks(broken), {
        message:
          "Project file `Pulumi.yaml` is invalid (1 problem):\n  - line 2, column 1: flow sequence in block collection must be sufficiently indented and end with a ] (not valid YAML). Fix: correct the file there, or rewrite the key with `pulumi config set`",
      });
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it("exits 1 with the message and no stack trace when a tool meets one", async () => {
    const errors: string[] = [];
    const io = { out: () => undefined, err: (text: string) => errors.push(text), render: () => Promise.reject() };
    const code = await withExitCodes("usage", io as never, async () => {
      loadStackConfig("syntax", [], root);
    });
    assert.equal(code, 1);
    assert.deepEqual(errors, [cases[0][1].join("\n")]);
  });

  it("keeps a key written without a namespace as it is, for the validation to report", () => {
    const { project, config } = loadStackConfig("bare", [], root);
    assert.equal(config.alarms, "{}");
    const result = parseEngineConfig(config, { project, stack: "bare" });
    assert.ok(!result.ok);
    const [first] = result.problems;
    assert.deepEqual(first, {
      path: "alarms",
      message: "no namespace (did you mean `demo:alarms`?)",
      fix: "rename it to `demo:alarms` in the stack file",
    });
  });
});
