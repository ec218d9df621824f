import { T } from "@dr-platform/model";
import * as assert from "node:assert/strict";
import { OfflineMocks } from "../../../tools/offline/mocks";

describe("offline mocks", () => {
  const mocks = new OfflineMocks();
  mocks.newResource({ type: "pulumi:providers:aws", name: "p", inputs: { region: "ap-northeast-1" }, custom: true });
  const provider = "urn:pulumi:s::proj::pulumi:pulumi:Stack$pulumi:providers:aws::p::p-id";

  it("answers availability zones per region, as the cloud does (Tokyo has no usable 1b)", () => {
    const zones = mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, provider });
    assert.deepEqual(zones.names, ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
  });

  it("fails on an invoke it was not taught, instead of echoing its inputs", () => {
    assert.throws(
      () => mocks.call({ token: "aws:ec2/getVpc:getVpc", inputs: { id: "x" }, provider }),
      /no answer for invoke aws:ec2\/getVpc:getVpc/,
    );
  });

  it("fails on an invoke made through the default provider", () => {
    assert.throws(
      () => mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: "" }),
      /used the default provider/,
    );
  });

  it("gives AWS resources an ARN in their provider's region", () => {
    const { state } = mocks.newResource({ type: T.vpc, name: "v", inputs: {}, provider, custom: true });
    assert.equal(state.arn, "arn:aws:ec2:ap-northeast-1:123456789012:vpc/v");
  });
});
