import * as assert from "node:assert/strict";
import {
  DATABASE_PASSWORD,
  LOGIN_TAG,
  POSTGRES_SINGLE_USER_ROTATION,
  ROTATION_EXCLUDED_CHARACTERS,
} from "../../../components/data";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { render, under } from "../../harness";

/**
 * The master password rotates in a global database (where RDS-managed passwords are not allowed): AWS's
 * rotation function in Seoul's private subnets, admitted by the cluster, scheduled only while Seoul writes,
 * and the program never writes the secret again. What mocks cannot prove: that the function's ALTER USER
 * succeeds, that the NAT path reaches Secrets Manager, that the Tokyo cluster sees the new password (Aurora's
 * storage replication carries the role change; the secret's replica follows Secrets Manager's replication).
 */
describe("Credential rotation: the master password of a global database", function () {
  this.timeout(120_000);
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });
  const of = (g: Graph, type: string, name: string): GraphResource => {
    const found = g.resources.filter((r) => r.custom && r.type === type && r.name === name);
    assert.equal(found.length, 1, `one ${type} ${name}`);
    return found[0];
  };
  const byUrn = (g: Graph, urn: string) => g.resources.find((r) => r.urn === urn);

  it("rotates the master's secret (only) every 30 days, from the rotation application, never at once", () => {
    const rotations = prod.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation");
    assert.deepEqual(
      rotations.map((r) => r.name),
      ["primary-db-rotation"],
    );
    const [rotation] = rotations;
    assert.deepEqual(rotation.inputs.rotationRules, { automaticallyAfterDays: 30 });
    assert.equal(rotation.inputs.rotateImmediately, false);
    const secret = byUrn(prod, rotation.propertyDependencies!.secretId[0])!;
    assert.deepEqual(
      [secret.name, (secret.inputs.tags as Record<string, string>)[LOGIN_TAG]],
      ["primary-db-master", "master"],
    );
    const app = byUrn(prod, rotation.propertyDependencies!.rotationLambdaArn[0])!;
    assert.equal(app.type, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack");
    assert.deepEqual(
      [app.inputs.applicationId, app.inputs.semanticVersion],
      [POSTGRES_SINGLE_USER_ROTATION.applicationId, POSTGRES_SINGLE_USER_ROTATION.semanticVersion],
    );
  });

  it("runs the function in Seoul's private subnets, calling Secrets Manager in Seoul through NAT", () => {
    const app = of(prod, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "primary-db-rotation");
    const parameters = app.inputs.parameters as Record<string, string>;
    assert.equal(parameters.endpoint, "https://secretsmanager.ap-northeast-2.amazonaws.com");
    assert.equal(app.region, "ap-northeast-2");
    const privateSubnets = under(prod, "primary")
      .filter((r) => r.type === "aws:ec2/subnet:Subnet" && /private/.test(r.name))
      .map((s) => `${s.name}-id`);
    assert.deepEqual(parameters.vpcSubnetIds.split(",").sort(), privateSubnets.sort());
    assert.equal(parameters.vpcSecurityGroupIds, "primary-db-rotation-id");
    assert.equal(parameters.excludeCharacters, ROTATION_EXCLUDED_CHARACTERS);
    // Its log is made first, with a key and the site's audit retention.
    const log = of(prod, "aws:cloudwatch/logGroup:LogGroup", "primary-db-rotation");
    assert.equal(log.inputs.name, `/aws/lambda/${parameters.functionName}`);
    assert.ok(log.inputs.kmsKeyId);
    assert.ok(app.dependsOn.includes(log.urn));
  });

  it("admits the function on 5432 only, and lets it out only to the VPC's 5432 and HTTPS", () => {
    const group = of(prod, "aws:ec2/securityGroup:SecurityGroup", "primary-db-rotation");
    assert.deepEqual(group.inputs.ingress, []);
    assert.deepEqual(
      (group.inputs.egress as { fromPort: number; cidrBlocks: string[] }[]).map((e) => [e.fromPort, e.cidrBlocks]),
      [
        [5432, ["10.0.0.0/16"]],
        [443, ["0.0.0.0/0"]],
      ],
    );
    const database = of(prod, "aws:ec2/securityGroup:SecurityGroup", "primary-db");
    const admitted = (database.inputs.ingress as { securityGroups?: string[] }[]).flatMap(
      (i) => i.securityGroups ?? [],
    );
    assert.ok(admitted.includes("primary-db-rotation-id"), admitted.join(", "));
  });

  it("writes the master's secret once (the rotation owns it after), the other logins' on every change", () => {
    const versions = under(prod, "primary").filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
    assert.deepEqual(versions.map((v) => [v.name, v.ignoreChanges ?? []]).sort(), [
      ["primary-db-app", []],
      ["primary-db-master", ["secretString"]],
    ]);
  });

  it("rotates nothing in dev (torn down nightly), and pauses while Tokyo writes, keeping the function", async () => {
    const dev = await render({ stack: "dev" });
    assert.equal(dev.resources.filter((r) => r.type.startsWith("aws:secretsmanager/secretRotation")).length, 0);
    assert.equal(dev.resources.filter((r) => r.name === "primary-db-rotation").length, 0);

    const failedOver = await render({ stack: "prod", overrides: [["activeSite", "secondary"]] });
    assert.equal(
      failedOver.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation").length,
      0,
    );
    of(failedOver, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "primary-db-rotation");
  });

  it("never generates a character the program's own passwords avoid", () => {
    const allowed = String(DATABASE_PASSWORD.overrideSpecial);
    for (const c of allowed) {
      assert.ok(!ROTATION_EXCLUDED_CHARACTERS.includes(c), `${c} is one the first password may hold`);
    }
    for (const c of ` "'/@\\\`,.;|~`) {
      assert.ok(ROTATION_EXCLUDED_CHARACTERS.includes(c), `${c} is excluded`);
    }
  });
});
