import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { OFFLINE_ACCOUNT_ID } from "../../../tools/offline/mocks";
import {
  ALB_SSL_POLICY,
  DEFAULT_RATE_LIMIT_PER_5_MINUTES,
  LBC_IAM_POLICY,
  WAF_MANAGED_RULE_GROUPS,
} from "../../../components/ingress";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * LoadBalancerController and ApplicationLoadBalancer, rendered from tests/programs/ingress.ts (prod-like
 * args, explicit aws-primary and k8s-primary providers) under the mock engine.
 *
 * What mocks cannot prove: that chart 1.14.0 accepts these values (its values schema is not checked
 * offline) and installs controller v2.14; that the IAM policy matches what that controller calls; that the
 * cluster runs the EKS Pod Identity Agent the association needs; that ACM issues the certificate (the mock
 * invents the validation record, and the real zone must be public and delegated); that ELB accepts the
 * bucket policy when access logging is switched on; and that AWS accepts the security group and listener
 * shapes. tsc against the provider SDKs checks property names and types; only `pulumi preview`/`up` checks
 * the rest.
 */

const PROGRAM = path.join(TESTS_DIR, "programs", "ingress.ts");
const AWS_PROVIDER = /::pulumi:providers:aws::aws-primary$/;
const K8S_PROVIDER = /::pulumi:providers:kubernetes::k8s-primary$/;

const typeNames = (resources: GraphResource[]) => resources.map((r) => `${r.type}::${r.name}`).sort();

function one(resources: GraphResource[], type: string, name: string): GraphResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

describe("ingress components (prod-like program)", function () {
  this.timeout(60000);
  let graph: Graph;
  let lbc: GraphResource[];
  let alb: GraphResource[];
  before(async () => {
    graph = await render({ stack: "prod", program: PROGRAM });
    lbc = under(graph, "primary-lbc");
    alb = under(graph, "primary-alb");
  });

  describe("graph and placement", () => {
    it("builds exactly the controller's role, policy, Pod Identity association and Helm release", () => {
      assert.deepEqual(typeNames(lbc), [
        "aws:eks/podIdentityAssociation:PodIdentityAssociation::primary-lbc",
        "aws:iam/role:Role::primary-lbc",
        "aws:iam/rolePolicy:RolePolicy::primary-lbc-controller",
        "kubernetes:helm.sh/v3:Release::primary-lbc",
      ]);
    });

    it("builds exactly the ALB, its listeners, target group, security group, certificate and log bucket", () => {
      assert.deepEqual(typeNames(alb), [
        "aws:acm/certificate:Certificate::primary-alb",
        "aws:acm/certificateValidation:CertificateValidation::primary-alb",
        "aws:cloudwatch/logGroup:LogGroup::primary-alb-waf",
        "aws:ec2/securityGroup:SecurityGroup::primary-alb",
        "aws:kms/key:Key::primary-alb-waf-logs",
        "aws:lb/listener:Listener::primary-alb-http",
        "aws:lb/listener:Listener::primary-alb-https",
        "aws:lb/listenerRule:ListenerRule::primary-alb-allow-1",
        "aws:lb/listenerRule:ListenerRule::primary-alb-allow-2",
        "aws:lb/loadBalancer:LoadBalancer::primary-alb",
        "aws:lb/targetGroup:TargetGroup::primary-alb",
        "aws:route53/record:Record::primary-alb-cert-validation",
        "aws:s3/bucket:Bucket::primary-alb-access-logs",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::primary-alb-access-logs",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls::primary-alb-access-logs",
        "aws:s3/bucketPolicy:BucketPolicy::primary-alb-access-logs",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::primary-alb-access-logs",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::primary-alb-access-logs",
        "aws:wafv2/webAcl:WebAcl::primary-alb-waf",
        "aws:wafv2/webAclAssociation:WebAclAssociation::primary-alb-waf",
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration::primary-alb-waf",
      ]);
    });

    it("registers the same (type, name) set under another stack name", async () => {
      const renamed = await render({ stack: "prod", stackName: "prod-copy", program: PROGRAM });
      assert.deepEqual(typeNames(under(renamed, "primary-lbc")), typeNames(lbc));
      assert.deepEqual(typeNames(under(renamed, "primary-alb")), typeNames(alb));
    });

    it("places AWS resources through aws-primary and Kubernetes ones through k8s-primary, never a default", () => {
      for (const r of [...lbc, ...alb]) {
        assert.notEqual(r.provider, "", r.urn);
        assert.match(r.provider, r.type.startsWith("kubernetes:") ? K8S_PROVIDER : AWS_PROVIDER, r.urn);
      }
    });
  });

  describe("LoadBalancerController", () => {
    it("trusts only EKS Pod Identity, for the controller's service account in kube-system", () => {
      const role = one(lbc, "aws:iam/role:Role", "primary-lbc");
      assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
              StringEquals: {
                "aws:RequestTag/kubernetes-namespace": ["kube-system"],
                "aws:RequestTag/kubernetes-service-account": ["aws-load-balancer-controller"],
              },
            },
          },
        ],
      });
    });

    it("grants the role the upstream controller policy, inline", () => {
      const policy = one(lbc, "aws:iam/rolePolicy:RolePolicy", "primary-lbc-controller");
      assert.equal(policy.inputs.role, "primary-lbc-id");
      assert.deepEqual(JSON.parse(policy.inputs.policy as string), LBC_IAM_POLICY);
    });

    it("associates the role with kube-system/aws-load-balancer-controller in the cluster", () => {
      const association = one(lbc, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "primary-lbc");
      assert.deepEqual(association.inputs, {
        clusterName: "primary-eks-prod",
        namespace: "kube-system",
        serviceAccount: "aws-load-balancer-controller",
        roleArn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/primary-lbc`,
        tags: { Name: "primary-lbc-prod" },
      });
    });

    it("installs the pinned chart from eks-charts into kube-system with HA values and the provider's region", () => {
      const release = one(lbc, "kubernetes:helm.sh/v3:Release", "primary-lbc");
      const { chart, version, namespace, name, repositoryOpts, values } = release.inputs;
      assert.deepEqual(
        { chart, version, namespace, name, repositoryOpts },
        {
          chart: "aws-load-balancer-controller",
          version: "1.14.0",
          namespace: "kube-system",
          name: "aws-load-balancer-controller",
          repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
        },
      );
      assert.deepEqual(values, {
        clusterName: "primary-eks-prod",
        region: "ap-northeast-2",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
        enableServiceMutatorWebhook: false,
        replicaCount: 2,
        podDisruptionBudget: { maxUnavailable: 1 },
        configureDefaultAffinity: true,
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
          },
        ],
      });
    });

    it("installs the chart only after the Pod Identity association exists", () => {
      const release = one(lbc, "kubernetes:helm.sh/v3:Release", "primary-lbc");
      const association = one(lbc, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "primary-lbc");
      assert.ok(release.dependsOn.includes(association.urn));
    });
  });

  describe("ApplicationLoadBalancer", () => {
    it("sits behind a web ACL: AWS's managed rules, a per-address rate limit, everything else allowed", () => {
      const acl = one(alb, "aws:wafv2/webAcl:WebAcl", "primary-alb-waf");
      assert.deepEqual([acl.inputs.scope, acl.inputs.defaultAction], ["REGIONAL", { allow: {} }]);
      const rules = acl.inputs.rules as any[];
      assert.deepEqual(
        rules.map((r) => [r.priority, r.name, r.statement.managedRuleGroupStatement?.vendorName ?? r.action]),
        [...WAF_MANAGED_RULE_GROUPS.map((group, i) => [i, group, "AWS"]), [4, "rate-limit-per-address", { block: {} }]],
      );
      assert.deepEqual(rules[4].statement.rateBasedStatement, {
        limit: DEFAULT_RATE_LIMIT_PER_5_MINUTES,
        aggregateKeyType: "IP",
        evaluationWindowSec: 300,
      });
      for (const r of rules) assert.equal(r.visibilityConfig.cloudwatchMetricsEnabled, true, r.name);
      const association = one(alb, "aws:wafv2/webAclAssociation:WebAclAssociation", "primary-alb-waf");
      const lb = one(alb, "aws:lb/loadBalancer:LoadBalancer", "primary-alb");
      assert.deepEqual(
        [association.propertyDependencies?.resourceArn, association.propertyDependencies?.webAclArn],
        [[lb.urn], [acl.urn]],
      );
    });

    it("logs every request the firewall sees, without credentials, to an encrypted aws-waf-logs- group", () => {
      const logging = one(alb, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "primary-alb-waf");
      const group = one(alb, "aws:cloudwatch/logGroup:LogGroup", "primary-alb-waf");
      assert.match(String(group.inputs.name), /^aws-waf-logs-/);
      assert.ok(group.propertyDependencies?.kmsKeyId?.length, "a key of its own");
      assert.deepEqual(logging.propertyDependencies?.logDestinationConfigs, [group.urn]);
      assert.deepEqual(logging.inputs.redactedFields, [
        { singleHeader: { name: "authorization" } },
        { singleHeader: { name: "cookie" } },
      ]);
    });

    it("opens the ALB's security group to 80 and 443 from anywhere and nothing else", () => {
      const sg = one(alb, "aws:ec2/securityGroup:SecurityGroup", "primary-alb");
      assert.deepEqual(sg.inputs.ingress, [
        {
          description: "HTTP, redirected to HTTPS",
          protocol: "tcp",
          fromPort: 80,
          toPort: 80,
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: ["::/0"],
        },
        {
          description: "HTTPS",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: ["::/0"],
        },
      ]);
    });

    it("lets the ALB send only to the pods' port inside the VPC", () => {
      const sg = one(alb, "aws:ec2/securityGroup:SecurityGroup", "primary-alb");
      assert.deepEqual(sg.inputs.egress, [
        {
          description: "Pods (traffic and health checks)",
          protocol: "tcp",
          fromPort: 9898,
          toPort: 9898,
          cidrBlocks: ["10.0.0.0/16"],
        },
      ]);
      assert.equal(sg.inputs.vpcId, "vpc-0a1b2c3d4e5f60718");
    });

    it("is internet-facing across the three public subnets, drops invalid headers, protected and logging", () => {
      const lb = one(alb, "aws:lb/loadBalancer:LoadBalancer", "primary-alb");
      const bucket = one(alb, "aws:s3/bucket:Bucket", "primary-alb-access-logs");
      assert.deepEqual(lb.inputs, {
        loadBalancerType: "application",
        internal: false,
        subnets: ["subnet-0pub0000000000001", "subnet-0pub0000000000002", "subnet-0pub0000000000003"],
        securityGroups: ["primary-alb-id"],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        accessLogs: { bucket: "primary-alb-access-logs-offline", enabled: true },
        tags: { Name: "primary-alb-prod-alb" },
      });
      assert.equal(lb.protect, true);
      // Logging is switched on only once the bucket accepts ELB's writes.
      const policy = one(alb, "aws:s3/bucketPolicy:BucketPolicy", "primary-alb-access-logs");
      assert.ok(lb.dependsOn.includes(policy.urn));
      assert.ok(lb.dependsOn.includes(bucket.urn));
    });

    it("redirects HTTP to HTTPS with a 301", () => {
      const http = one(alb, "aws:lb/listener:Listener", "primary-alb-http");
      assert.equal(http.inputs.port, 80);
      assert.equal(http.inputs.protocol, "HTTP");
      assert.deepEqual(http.inputs.defaultActions, [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
    });

    it("serves HTTPS with the TLS 1.3 policy and the DNS-validated certificate, answering 404 by default", () => {
      const https = one(alb, "aws:lb/listener:Listener", "primary-alb-https");
      const validation = one(alb, "aws:acm/certificateValidation:CertificateValidation", "primary-alb");
      const certificate = one(alb, "aws:acm/certificate:Certificate", "primary-alb");
      assert.equal(ALB_SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06");
      assert.deepEqual(
        { port: https.inputs.port, protocol: https.inputs.protocol, sslPolicy: https.inputs.sslPolicy },
        { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
      );
      assert.equal(
        https.inputs.certificateArn,
        `arn:aws:acm:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:certificate/primary-alb`,
      );
      // The ARN comes from the validation resource, so the listener waits for ACM to issue the certificate.
      assert.ok(https.dependsOn.includes(validation.urn));
      assert.ok(!https.dependsOn.includes(certificate.urn));
      assert.deepEqual(https.inputs.defaultActions, [
        {
          type: "fixed-response",
          fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
        },
      ]);
    });

    it("forwards only the allowed paths, exactly, five per listener rule, on the HTTPS listener", () => {
      const https = one(alb, "aws:lb/listener:Listener", "primary-alb-https");
      const rules = alb
        .filter((r) => r.type === "aws:lb/listenerRule:ListenerRule")
        .sort((a, b) => a.name.localeCompare(b.name));
      const forward = [
        { type: "forward", targetGroupArn: `arn:aws:lb:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:targetgroup/primary-alb` },
      ];
      assert.deepEqual(
        rules.map((r) => ({ name: r.name, ...r.inputs, tags: undefined })),
        [
          {
            name: "primary-alb-allow-1",
            listenerArn: `arn:aws:lb:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:listener/primary-alb-https`,
            priority: 10,
            conditions: [{ pathPattern: { values: ["/", "/version", "/api/info", "/readyz", "/robots.txt"] } }],
            actions: forward,
            tags: undefined,
          },
          {
            name: "primary-alb-allow-2",
            listenerArn: `arn:aws:lb:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:listener/primary-alb-https`,
            priority: 20,
            conditions: [{ pathPattern: { values: ["/favicon.ico"] } }],
            actions: forward,
            tags: undefined,
          },
        ],
      );
      for (const rule of rules) {
        assert.ok(rule.dependsOn.includes(https.urn), `${rule.name} is on the HTTPS listener`);
      }
    });

    it("refuses a wildcard, a relative or an over-long allowed path, listing each with its fix", async () => {
      await assert.rejects(
        render({ stack: "prod", program: path.join(TESTS_DIR, "programs", "ingress-invalid.ts") }),
        (err: Error) => {
          assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
          assert.match(err.message, /^ApplicationLoadBalancer primary-alb has invalid args \(3 problems\):/);
          assert.match(err.message, /`publicPaths\[1\]`: got "\/api\/\*"; list exact paths/);
          assert.match(err.message, /`publicPaths\[2\]`: got "readyz"; a request path starts with "\/"/);
          assert.match(err.message, /`publicPaths\[3\]`: is 129 characters; an ALB path pattern holds at most 128/);
          return true;
        },
      );
    });

    it("validates the certificate by DNS in the public zone", () => {
      const certificate = one(alb, "aws:acm/certificate:Certificate", "primary-alb");
      assert.equal(certificate.inputs.domainName, "app.example.com");
      assert.equal(certificate.inputs.validationMethod, "DNS");
      const record = one(alb, "aws:route53/record:Record", "primary-alb-cert-validation");
      assert.deepEqual(record.inputs, {
        zoneId: "ZEXAMPLECOM",
        name: "_offline.app.example.com.",
        type: "CNAME",
        records: ["_offline.primary-alb.acm-validations.aws."],
        ttl: 60,
        allowOverwrite: true,
      });
      const validation = one(alb, "aws:acm/certificateValidation:CertificateValidation", "primary-alb");
      assert.deepEqual(validation.inputs, {
        certificateArn: `arn:aws:acm:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:certificate/primary-alb`,
        validationRecordFqdns: ["_offline.app.example.com"],
      });
    });

    it("targets pod IPs over HTTP on the pods' port, health-checked on the readiness path", () => {
      const tg = one(alb, "aws:lb/targetGroup:TargetGroup", "primary-alb");
      assert.deepEqual(tg.inputs, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        targetType: "ip",
        protocol: "HTTP",
        port: 9898,
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: "/readyz",
          matcher: "200",
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: { Name: "primary-alb-prod-pods" },
      });
    });

    it("keeps access logs in a private, SSE-S3, owner-enforced bucket that expires them", () => {
      const named = (type: string) => one(alb, type, "primary-alb-access-logs").inputs;
      assert.equal(named("aws:s3/bucket:Bucket").forceDestroy, false);
      assert.deepEqual(named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), {
        bucket: "primary-alb-access-logs-id",
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      assert.deepEqual(named("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      assert.deepEqual(
        named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules,
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      );
      assert.deepEqual(named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules, [
        { id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 90 } },
      ]);
    });

    it("lets only ELB log delivery write, only under this account's prefix, and only over TLS", () => {
      const policy = one(alb, "aws:s3/bucketPolicy:BucketPolicy", "primary-alb-access-logs");
      // The bucket's ARN as the program read it from the bucket: S3 ARNs hold only the global name.
      const bucket = one(alb, "aws:s3/bucket:Bucket", "primary-alb-access-logs");
      const arn = `arn:aws:s3:::${String(bucket.inputs.bucket ?? "primary-alb-access-logs-offline")}`;
      assert.deepEqual(JSON.parse(policy.inputs.policy as string), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowElbLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${arn}/AWSLogs/${OFFLINE_ACCOUNT_ID}/*`,
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
      const block = one(alb, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "primary-alb-access-logs");
      assert.ok(policy.dependsOn.includes(block.urn));
    });

    it("exposes the outputs a DNS record, alarms and the workload need", () => {
      assert.deepEqual(graph.outputs.ingress, {
        dnsName: "primary-alb-offline.ap-northeast-2.elb.amazonaws.com",
        zoneId: "ZOFFLINEALB",
        arn: `arn:aws:lb:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:loadbalancer/primary-alb`,
        arnSuffix: "app/primary-alb/0123456789abcdef",
        targetGroupArn: `arn:aws:lb:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:targetgroup/primary-alb`,
        targetGroupArnSuffix: "targetgroup/primary-alb/0123456789abcdef",
        securityGroupId: "primary-alb-id",
        certificateArn: `arn:aws:acm:ap-northeast-2:${OFFLINE_ACCOUNT_ID}:certificate/primary-alb`,
        accessLogBucketName: "primary-alb-access-logs-offline",
      });
      assert.deepEqual(graph.outputs.lbc, {
        roleArn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/primary-lbc`,
        releaseName: "aws-load-balancer-controller",
      });
    });
  });
});

describe("the controller's Service webhook is off, and nothing needs it", function () {
  this.timeout(120_000);
  it("creates no Service of type LoadBalancer on any stack (the only Services the webhook would change)", async () => {
    for (const options of [{ stack: "dev" }, { stack: "staging" }, { stack: "prod" }]) {
      const g = await render(options);
      const services = g.resources.filter((r) => r.type === "kubernetes:core/v1:Service");
      assert.ok(services.length > 0, options.stack);
      for (const s of services) {
        assert.notEqual(
          (s.inputs.spec as { type?: string } | undefined)?.type,
          "LoadBalancer",
          `${options.stack} ${s.name}`,
        );
      }
    }
  });
});
