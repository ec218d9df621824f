import * as assert from "node:assert/strict";
import { createHash } from "crypto";
import { gcpLabels, physicalName, standardTags } from "../../components/naming";

/** Physical names, AWS tags and GCP labels: pure string functions, no mocks. */

const sha8 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

describe("naming: physicalName", () => {
  it("appends the stack to the logical name", () => {
    assert.equal(physicalName("primary-network", "prod"), "primary-network-prod");
  });

  it("lower-cases and replaces characters outside a-z, 0-9 and '-' with '-'", () => {
    assert.equal(physicalName("Primary_Network.v2", "Prod"), "primary-network-v2-prod");
    assert.equal(physicalName("db cluster/main", "dev@eu"), "db-cluster-main-dev-eu");
  });

  it("keeps a name of exactly the maximum length unchanged", () => {
    const name = "a".repeat(58);
    assert.equal(physicalName(name, "prod"), `${name}-prod`);
    assert.equal(physicalName(name, "prod").length, 63);
  });

  it("cuts a name over 63 characters to 63, ending in an 8-character hash of the full name", () => {
    const name = "b".repeat(70);
    const full = `${name}-prod`;
    const result = physicalName(name, "prod");
    assert.equal(result.length, 63);
    assert.equal(result, `${"b".repeat(54)}-${sha8(full)}`);
  });

  it("honours a smaller maxLength such as a 32-character load balancer name", () => {
    const result = physicalName("secondary-site-ingress-alb", "staging", 32);
    // The cut falls just after "ingress-"; that hyphen is dropped, so the result is 31 characters.
    assert.equal(result, `secondary-site-ingress-${sha8("secondary-site-ingress-alb-staging")}`);
    assert.equal(result.length, 31);
  });

  it("hashes the lower-cased, sanitised name, so case never changes the hash", () => {
    assert.equal(physicalName("X".repeat(70), "Prod"), physicalName("x".repeat(70), "prod"));
  });

  it("drops hyphens left at the cut so the hash never follows a double hyphen", () => {
    // Kept part is the first 20 - 8 - 1 = 11 characters, "abcdefghij-"; its trailing '-' goes.
    const result = physicalName("abcdefghij-klmnop", "prod", 20);
    assert.equal(result, `abcdefghij-${sha8("abcdefghij-klmnop-prod")}`);
    assert.ok(!result.includes("--"));
  });

  it("is deterministic across calls", () => {
    const name = "a-very-long-component-name-that-needs-to-be-shortened-for-the-cloud";
    assert.equal(physicalName(name, "prod"), physicalName(name, "prod"));
  });

  it("gives different stacks and different long names different results even when the kept prefix is equal", () => {
    const long = "c".repeat(80);
    const names = [
      physicalName(long, "prod"),
      physicalName(long, "staging"),
      physicalName(`${long}-a`, "prod"),
      physicalName(`${long}-b`, "prod"),
    ];
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((n) => n.length === 63 && n.startsWith("c".repeat(54))));
  });
});

describe("naming: standardTags", () => {
  it("returns the six standard tags with kebab-case keys and managed-by pulumi", () => {
    assert.deepEqual(
      standardTags({
        environment: "prod",
        stack: "prod",
        service: "dr-platform",
        owner: "platform-team",
        costCenter: "cc-platform-prod",
      }),
      {
        environment: "prod",
        stack: "prod",
        service: "dr-platform",
        owner: "platform-team",
        "cost-center": "cc-platform-prod",
        "managed-by": "pulumi",
      },
    );
  });
});

describe("naming: gcpLabels", () => {
  it("passes through tags that are already valid labels", () => {
    const tags = standardTags({
      environment: "staging",
      stack: "staging",
      service: "dr-platform",
      owner: "platform-team",
      costCenter: "cc-platform-staging",
    });
    assert.deepEqual(gcpLabels(tags), tags);
  });

  it("lower-cases keys and values and replaces other characters with '_'", () => {
    assert.deepEqual(gcpLabels({ Owner: "Platform Team", "Cost.Center": "CC/42@Seoul" }), {
      owner: "platform_team",
      cost_center: "cc_42_seoul",
    });
  });

  it("keeps '_' and '-' and digits", () => {
    assert.deepEqual(gcpLabels({ "tier_1-a": "v1_2-3" }), { "tier_1-a": "v1_2-3" });
  });

  it("strips characters before the first letter of a key, which must start with a letter", () => {
    assert.deepEqual(gcpLabels({ "2fa": "on", _hidden: "x", "-x1": "y" }), { fa: "on", hidden: "x", x1: "y" });
  });

  it("cuts keys and values to 63 characters", () => {
    const labels = gcpLabels({ ["k".repeat(70)]: "V".repeat(100) });
    assert.deepEqual(labels, { ["k".repeat(63)]: "v".repeat(63) });
  });

  it("keeps an empty value, which GCP allows", () => {
    assert.deepEqual(gcpLabels({ note: "" }), { note: "" });
  });
});
