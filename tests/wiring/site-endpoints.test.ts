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
        new RegExp(`^arn:aws:secretsmanager:${region}:\\d+:secret:primary-db-app-`),
      );
    }
    const app = ofType(g, T.deployment).find((d) => d.name === "secondary-app");
    const container = (obj(obj(obj(app?.inputs.spec).template).spec).containers as { envFrom?: unknown[] }[])[0];
    assert.deepEqual(container?.envFrom, [{ configMapRef: { name: "secondary-app-site" } }]);
  });
});

describe("site endpoints: the Google Cloud site (staging)", () => {
  it("gives its service its own Region, login secret and topic, and lets only its service account read the secret", async () => {
    const g = await render({ stack: "staging" });
    const config = ofType(g, T.k8sConfigMap).find((c) => c.name === "secondary-app-site");
    const data = obj(config?.inputs.data) as Record<string, string>;
    assert.equal(data.SITE_REGION, "asia-northeast3");
    assert.match(data.DATABASE_SECRET ?? "", /^projects\/dr-platform-staging\/secrets\/secondary-db-app-staging$/);
    assert.equal(data.PUBSUB_TOPIC, "secondary-queue-staging");
    const grants = ofType(g, T.gcpSecretIamMember).filter((m) => m.inputs.secretId === data.DATABASE_SECRET);
    const members = grants.map((m) => String(m.inputs.member)).sort();
    // Two readers: the service's own Kubernetes service account, and the after-promotion job that makes the login.
    assert.equal(members.length, 2, members.join(", "));
    assert.equal(
      members[0],
      "principal://iam.googleapis.com/projects/314159265358/locations/global/workloadIdentityPools/dr-platform-staging.svc.id.goog/subject/ns/secondary-app/sa/secondary-app",
    );
    assert.match(members[1] ?? "", /^serviceAccount:database-after-promot/);
  });
});
