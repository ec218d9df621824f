import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cloudResources, Graph, isProvider } from "../../tools/offline/graph";
import { loadStackConfig, REPO_ROOT } from "../../tools/offline/stack-files";
import { ConfigProblemsError, renderStack } from "../../tools/offline/render";
import { formatMermaid } from "../../tools/offline/mermaid";
import { ofType, render, under, VARIANTS } from "../harness";

/**
 * The whole program rendered under the mock engine for every stack (and prod with either secondary):
 * graph shape, placement, per-AZ layout and tags. Mocks prove what the program asks for, not that the
 * cloud would accept it.
 */

const siteConfig = (label: string, stack: string, overrides: readonly (readonly [string, unknown])[] = []) => {
  const { config } = loadStackConfig(stack, overrides);
  const primary = JSON.parse(config["dr-platform:primary"]);
  const secondary = JSON.parse(config["dr-platform:secondary"]);
  return { label, primary, secondary, environment: config["dr-platform:environment"] };
};

const typeNames = (g: Graph) =>
  g.resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => `${r.type}::${r.name}`)
    .sort();

for (const variant of VARIANTS) {
  describe(`program: ${variant.label}`, () => {
    const cfg = siteConfig(variant.label, variant.options.stack, variant.options.overrides);
    let graph: Graph;
    before(async () => {
      graph = await render(variant.options);
      assert.ok(cloudResources(graph).length > 20, "the mock engine recorded the program's resources");
    });

    it("registers the same (type, name) set under another stack name, so URNs never embed the stack", async () => {
      const renamed = await render({ ...variant.options, stackName: `${variant.options.stack}-copy` });
      assert.deepEqual(typeNames(renamed), typeNames(graph));
    });

    it("gives every resource a distinct URN (the mock engine would not reject a duplicate; the real one does)", () => {
      const urns = graph.resources.map((r) => r.urn);
      assert.deepEqual(
        urns.filter((u, i) => urns.indexOf(u) !== i),
        [],
      );
    });

    it("places every cloud resource through an explicit provider", () => {
      const defaulted = cloudResources(graph).filter((r) => r.provider === "");
      assert.deepEqual(
        defaulted.map((r) => r.urn),
        [],
      );
    });

    it("places the primary site in the primary region and the secondary site in the secondary's", () => {
      const primary = under(graph, "primary");
      assert.ok(primary.length > 0);
      for (const r of primary) {
        if (r.type.startsWith("random:")) {
          // Generated values have no region; they come through the one explicit random provider.
          assert.match(r.provider, /::pulumi:providers:random::random$/, r.urn);
          continue;
        }
        const expected = r.type.startsWith("kubernetes:")
          ? /::platform:site:AwsSite\$platform:eks:EksCluster\$pulumi:providers:kubernetes::primary-eks-k8s$/
          : /::pulumi:providers:aws::aws-primary$/;
        assert.match(r.provider, expected, r.urn);
        assert.equal(r.region, cfg.primary.region, r.urn);
      }
      const secondary = under(graph, "secondary");
      assert.ok(secondary.length > 0);
      const expected = variant.secondary === "aws" ? cfg.secondary.aws.region : cfg.secondary.gcp.region;
      for (const r of secondary) {
        if (r.type.startsWith("random:")) {
          assert.match(r.provider, /::pulumi:providers:random::random$/, r.urn);
          continue;
        }
        const provider = r.type.startsWith("kubernetes:")
          ? /\$pulumi:providers:kubernetes::secondary-(eks|gke)-k8s$/
          : new RegExp(`::pulumi:providers:${variant.secondary}::${variant.secondary}-secondary$`);
        assert.match(r.provider, provider, r.urn);
        assert.equal(r.region, expected, r.urn);
      }
    });

    it("builds only the providers it uses, with the standard tags as defaults", () => {
      const providers = graph.resources
        .filter(isProvider)
        .map((p) => p.name)
        .sort();
      // A GCP secondary brings its own AWS provider for the region the backups are copied to.
      const secondaryProviders = variant.secondary === "aws" ? ["aws-secondary"] : ["gcp-secondary", "aws-backup-copy"];
      // Every secondary but dev's backup-restore runs a cluster: EKS in Tokyo, or GKE.
      const secondaryCluster =
        variant.label === "dev" ? [] : [variant.secondary === "aws" ? "secondary-eks-k8s" : "secondary-gke-k8s"];
      assert.deepEqual(
        providers,
        ["aws-global", "aws-primary", ...secondaryProviders, "primary-eks-k8s", "random", ...secondaryCluster].sort(),
      );
      const tags = {
        environment: cfg.environment,
        stack: variant.options.stack,
        service: "dr-platform",
        owner: "platform-team",
        "cost-center": `cc-platform-${variant.options.stack}`,
        "managed-by": "pulumi",
      };
      for (const p of graph.resources.filter((r) => r.type === "pulumi:providers:aws")) {
        assert.deepEqual(p.inputs.defaultTags, { tags }, p.name);
      }
      for (const p of graph.resources.filter((r) => r.type === "pulumi:providers:gcp")) {
        assert.deepEqual(p.inputs.defaultLabels, tags);
        assert.equal(p.inputs.project, cfg.secondary.gcp.project);
      }
    });

    const awsSites = variant.secondary === "aws" ? ["primary", "secondary"] : ["primary"];
    for (const site of awsSites) {
      it(`spreads the ${site} VPC's three subnet tiers and its NAT gateways over the configured AZs`, () => {
        const siteCfg = site === "primary" ? cfg.primary : cfg.secondary.aws;
        const resources = under(graph, site);
        const subnets = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
        assert.equal(subnets.length, 3 * siteCfg.azCount);
        for (const tier of ["public", "private", "isolated"]) {
          const zones = subnets
            .filter((s) => (s.inputs.tags as Record<string, string>).tier === tier)
            .map((s) => s.inputs.availabilityZone);
          assert.equal(new Set(zones).size, siteCfg.azCount, `${tier} subnets in distinct AZs`);
        }
        const nats = resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway");
        assert.equal(nats.length, siteCfg.natGateways === "single" ? 1 : siteCfg.azCount);
        // Every private subnet's default route leaves through the NAT gateway of its own AZ when there is one.
        const egress = resources.filter((r) => r.type === "aws:ec2/route:Route" && r.name.endsWith("-egress"));
        assert.equal(egress.length, siteCfg.azCount);
        egress.forEach((route, i) => {
          const natIndex = siteCfg.natGateways === "single" ? 1 : i + 1;
          assert.equal(route.inputs.natGatewayId, `${site}-network-nat-az${natIndex}-id`);
        });
        assert.equal(resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog").length, 1);
        const endpoint = resources.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")!;
        assert.equal(endpoint.inputs.serviceName, `com.amazonaws.${siteCfg.region}.s3`);
        assert.deepEqual(
          resources.find((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")!.inputs.ingress ?? [],
          [],
        );
      });
    }

    if (variant.secondary === "gcp") {
      it("gives the GCP secondary a regional subnet with GKE ranges, a Cloud Router and Cloud NAT", () => {
        const [subnetwork] = ofType(graph, "gcp:compute/subnetwork:Subnetwork");
        assert.equal(subnetwork.inputs.ipCidrRange, cfg.secondary.gcp.vpcCidr.replace(/\.0\/16$/, ".0/20"));
        assert.deepEqual(
          (subnetwork.inputs.secondaryIpRanges as { rangeName: string }[]).map((r) => r.rangeName),
          ["pods", "services"],
        );
        assert.equal(subnetwork.inputs.privateIpGoogleAccess, true);
        assert.equal(ofType(graph, "gcp:compute/router:Router").length, 1);
        assert.equal(ofType(graph, "gcp:compute/routerNat:RouterNat").length, 1);
      });
    }
  });
}

describe("program: invalid config", () => {
  it("fails with every problem listed before any resource is registered", async () => {
    await assert.rejects(
      renderStack({
        stack: "prod",
        overrides: [
          ["primary.azCount", 2],
          ["secondary.aws.region", "ap-northeast-2"],
        ],
      }),
      (err: Error) => {
        assert.ok(err instanceof ConfigProblemsError);
        assert.equal(
          err.message,
          [
            "Stack config for `prod` is invalid (2 problems):",
            '  - `secondary.aws.region`: got "ap-northeast-2", the same region as `primary.region`; a regional outage would take both sites. Fix: pulumi config set --path secondary.aws.region ap-northeast-1',
            "  - `primary.azCount`: got 2; prod spreads every tier over at least 3 AZs (the EKS control plane and etcd span 3). Fix: pulumi config set --path primary.azCount 3",
          ].join("\n"),
        );
        return true;
      },
    );
  });
});

describe("project files", () => {
  const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));

  it("disables default providers", () => {
    assert.deepEqual(project.config["pulumi:disable-default-providers"].value, ["*"]);
  });

  it("embeds in the README the diagram the offline plan draws for prod", async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1]?.trim();
    assert.equal(block, formatMermaid(await render({ stack: "prod" })));
  });
});
