import * as assert from "node:assert/strict";
import { obj, T } from "@dr-platform/model";
import { ofType, render } from "../harness";

/**
 * Applications follow the active site: each site's service is told its own Region's stores (its queue, its
 * bucket, and the application's secret as that Region reads it), so whichever site receives the traffic uses
 * them, with no change at failover.
 */
describe("site endpoints: each site's service uses its own stores (prod)", () => {
  it("gives each site's service its own queue and bucket, and the application's secret in its own Region", async () => {
    const g = await render({ stack: "prod" });
    const byRegion = Object.fromEntries(
      ofType(g, T.k8sConfigMap)
        .filter((c) => c.name.endsWith("-app-site"))
        .map((c): [string, Record<string, string>] => [c.region ?? "", obj(c.inputs.data) as Record<string, string>]),
    );
    assert.deepEqual(Object.keys(byRegion).sort(), ["ap-northeast-1", "ap-northeast-2"]);
    for (const [region, data] of Object.entries(byRegion)) {
      assert.equal(data.SITE_REGION, region);
      assert.match(data.QUEUE_URL ?? "", new RegExp(`^https://sqs\\.${region}\\.`));
      assert.match(data.BUCKET_NAME ?? "", new RegExp(`${region}$`));
      // One secret (the primary's, replicated), read in this Region.
      assert.match(
        data.DATABASE_SECRET_ARN ?? "",
        new RegExp(`^arn:aws:secretsmanager:${region}:\\d+:secret/primary-db-app`),
      );
    }
    const app = ofType(g, T.deployment).find((d) => d.name === "secondary-app");
    const container = (obj(obj(obj(app?.inputs.spec).template).spec).containers as { envFrom?: unknown[] }[])[0];
    assert.deepEqual(container?.envFrom, [{ configMapRef: { name: "secondary-app-site" } }]);
  });
});
