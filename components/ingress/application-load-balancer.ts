import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";
import { failOnProblems } from "../problems";
import { createAccessLogBucket } from "./access-log-bucket";
import { createValidatedCertificate } from "./validated-certificate";
import { DEFAULT_PUBLIC_PATHS, EDGE_DENY_STATUS, edgePathArgProblems, ruleChunks } from "./edge-routes";
import { createWebAcl, DEFAULT_RATE_LIMIT_PER_5_MINUTES, rateLimitProblems } from "./web-acl";

/**
 * The TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only, forward-secret ciphers. It is the default
 * AWS recommends for new listeners.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Arguments of {@link ApplicationLoadBalancer}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface ApplicationLoadBalancerArgs {
  /** The VPC of the load balancer and its target group. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's IPv4 block: the only destination the load balancer may send to. */
  readonly vpcCidr: pulumi.Input<string>;
  /** Every public subnet (one per AZ): an ALB serves only the AZs it has a subnet in. */
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The name the certificate is issued for, e.g. `app.example.com`. */
  readonly domainName: pulumi.Input<string>;
  /** The public Route 53 hosted zone that holds `domainName`; the certificate is validated by DNS there. */
  readonly zoneName: pulumi.Input<string>;
  /** The pods' port: the target group's port and the only port the load balancer may reach in the VPC. */
  readonly targetPort: pulumi.Input<number>;
  /** The path the target group health-checks on each pod (a readiness endpoint). @default "/" */
  readonly healthCheckPath?: pulumi.Input<string>;
  /**
   * The exact request paths the HTTPS listener forwards to the pods; every other path gets a fixed 404 from
   * the load balancer (podinfo's admin routes such as `POST /readyz/disable` and `GET /panic` stay private).
   * Add the path Route 53 health-checks through the load balancer. Exact paths only: no `*` or `?`.
   * @default ["/", "/version", "/api/info"]
   */
  readonly publicPaths?: readonly string[];
  /**
   * The site's deep regional check (components/health): its exact path is forwarded to its own IP target
   * group on `port`, which a TargetGroupBinding fills with the check's pods. Route 53 requests this path.
   * The path must not also be in `publicPaths`.
   * @default none
   */
  readonly deepCheck?: { readonly path: string; readonly port: number };
  /** AWS-side deletion protection on the load balancer. @default true */
  readonly deletionProtection?: pulumi.Input<boolean>;
  /**
   * Pulumi `protect` on the load balancer and its access-log bucket: `pulumi destroy` and replacements stop
   * until it is lifted.
   * Off by default because scheduled teardown of non-production stacks must be able to delete it.
   * @default false
   */
  readonly protect?: boolean;
  /** Days to keep access logs before S3 expires them. @default 90 */
  readonly logRetentionDays?: pulumi.Input<number>;
  /** Let `pulumi destroy` delete the access-log bucket with its objects (dev, teardown). @default false */
  readonly forceDestroy?: pulumi.Input<boolean>;
  /**
   * Requests one client address may send in five minutes before the web application firewall (web-acl.ts)
   * blocks it. @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
}

/**
 * ApplicationLoadBalancer is an internet-facing ALB across every public subnet, with a security group open
 * only on 80 and 443, a DNS-validated ACM certificate, an HTTPS listener (HTTP redirects to it), access logs
 * to its own bucket, and one IP target group that a TargetGroupBinding fills with pods. The HTTPS listener
 * denies by default (a fixed 404) and its listener rules forward only `publicPaths`, exactly, to the pods.
 */
export class ApplicationLoadBalancer extends pulumi.ComponentResource {
  public readonly dnsName: pulumi.Output<string>;
  /** The load balancer's Route 53 hosted zone, for alias records. */
  public readonly zoneId: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** The `app/<name>/<id>` suffix CloudWatch metrics use as the LoadBalancer dimension. */
  public readonly arnSuffix: pulumi.Output<string>;
  public readonly targetGroupArn: pulumi.Output<string>;
  /** The `targetgroup/<name>/<id>` suffix CloudWatch metrics use as the TargetGroup dimension. */
  public readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** The deep check's target group, when `deepCheck` is given. */
  public readonly deepCheckTargetGroupArn?: pulumi.Output<string>;
  /** The load balancer's security group: the source to allow on the pods' port. */
  public readonly securityGroupId: pulumi.Output<string>;
  /** The certificate's ARN, resolved only once DNS validation has succeeded. */
  public readonly certificateArn: pulumi.Output<string>;
  public readonly accessLogBucketName: pulumi.Output<string>;

  constructor(name: string, args: ApplicationLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ingress:ApplicationLoadBalancer", name, {}, opts);
    const healthCheckPath = args.healthCheckPath ?? "/";
    const deletionProtection = args.deletionProtection ?? true;
    const protect = args.protect ?? false;
    const logRetentionDays = args.logRetentionDays ?? 90;
    const forceDestroy = args.forceDestroy ?? false;
    const publicPaths = args.publicPaths ?? DEFAULT_PUBLIC_PATHS;
    const rateLimit = args.rateLimitPer5Minutes ?? DEFAULT_RATE_LIMIT_PER_5_MINUTES;
    failOnProblems(this, `ApplicationLoadBalancer ${name}`, [
      ...rateLimitProblems("rateLimitPer5Minutes", rateLimit),
      ...edgePathArgProblems("publicPaths", publicPaths),
      ...(args.deepCheck ? edgePathArgProblems("deepCheck.path", [args.deepCheck.path]) : []),
      ...(args.deepCheck && publicPaths.includes(args.deepCheck.path)
        ? [
            {
              path: "publicPaths",
              message: `lists the deep check's path "${args.deepCheck.path}"`,
              fix: "drop it: the deep check's own rule forwards that path",
            },
          ]
        : []),
    ]);
    const parent = { parent: this };
    const label = (suffix: string) => ({ Name: `${physicalName(name, pulumi.getStack())}-${suffix}` });

    const logs = createAccessLogBucket(this, name, { retentionDays: logRetentionDays, forceDestroy, protect });

    // ::/0 matters only once the ALB is dual-stack; on an IPv4 ALB it admits nothing more.
    const anywhere = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: "Internet-facing ALB: HTTP and HTTPS in, the pods' port in the VPC out",
        // Inline rules make this the complete rule set: a rule added out of band is removed on the next up.
        ingress: [
          { description: "HTTP, redirected to HTTPS", protocol: "tcp", fromPort: 80, toPort: 80, ...anywhere },
          { description: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443, ...anywhere },
        ],
        // Traffic and health checks go to the pods' port only; nothing else leaves the load balancer.
        egress: [
          {
            description: "Pods (traffic and health checks)",
            protocol: "tcp",
            fromPort: args.targetPort,
            toPort: args.targetPort,
            cidrBlocks: [args.vpcCidr],
          },
          ...(args.deepCheck
            ? [
                {
                  description: "The deep regional check's pods",
                  protocol: "tcp",
                  fromPort: args.deepCheck.port,
                  toPort: args.deepCheck.port,
                  cidrBlocks: [args.vpcCidr],
                },
              ]
            : []),
        ],
        tags: label("alb"),
      },
      parent,
    );

    const certificateArn = createValidatedCertificate(this, name, args.domainName, args.zoneName);

    const loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [securityGroup.id],
        // Requests with header names that are not valid HTTP are dropped rather than passed to the pods
        // (a request-smuggling vector).
        dropInvalidHeaderFields: true,
        enableDeletionProtection: deletionProtection,
        accessLogs: { bucket: logs.bucketName, enabled: true },
        tags: label("alb"),
      },
      // ELB checks that it can write to the bucket when access logs are enabled, so the bucket's policy
      // and settings must be in place first.
      { parent: this, protect, dependsOn: logs.ready },
    );

    // Every public load balancer is behind the firewall: managed rules, a rate limit, a log.
    createWebAcl(this, name, {
      loadBalancerArn: loadBalancer.arn,
      rateLimitPer5Minutes: rateLimit,
      logRetentionDays,
    });

    const targetGroup = new aws.lb.TargetGroup(
      name,
      {
        vpcId: args.vpcId,
        // IP targets: the controller registers pod IPs, so traffic skips kube-proxy and node ports.
        targetType: "ip",
        protocol: "HTTP",
        port: args.targetPort,
        // The pods stop receiving new requests 30 s after deregistration (the 300 s default slows every
        // rollout); the workload's preStop delay covers the time the ALB needs to notice.
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: healthCheckPath,
          matcher: "200",
          // A pod is in after 2 passes 10 s apart and out after 3 failures: about 30 s to take a bad pod out.
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: label("pods"),
      },
      parent,
    );

    // Deny by default: a path not on the allow-list never reaches the pods.
    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: ALB_SSL_POLICY,
        certificateArn,
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: {
              contentType: "text/plain",
              statusCode: String(EDGE_DENY_STATUS),
              messageBody: "Not Found",
            },
          },
        ],
        tags: label("https"),
      },
      parent,
    );
    // One rule per 5 exact paths (an ALB rule holds 5 condition values); priorities from 10, in steps of 10.
    ruleChunks(publicPaths).forEach((paths, i) => {
      new aws.lb.ListenerRule(
        `${name}-allow-${i + 1}`,
        {
          listenerArn: https.arn,
          priority: 10 * (i + 1),
          conditions: [{ pathPattern: { values: paths } }],
          actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
          tags: label(`allow-${i + 1}`),
        },
        parent,
      );
    });
    const deepCheckTargetGroup = args.deepCheck && this.createDeepCheckRoute(name, args.deepCheck, args.vpcId, https);
    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: label("http"),
      },
      parent,
    );

    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.arn = loadBalancer.arn;
    this.arnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.deepCheckTargetGroupArn = deepCheckTargetGroup?.arn;
    this.securityGroupId = securityGroup.id;
    this.certificateArn = certificateArn;
    this.accessLogBucketName = logs.bucketName;
    this.registerOutputs({
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      targetGroupArn: this.targetGroupArn,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      securityGroupId: this.securityGroupId,
      certificateArn: this.certificateArn,
      accessLogBucketName: this.accessLogBucketName,
    });
  }

  /**
   * The deep check's own target group, health-checked on its path, and the listener rule that forwards that
   * one path to it ahead of the allow-list. When the check answers 503 every target is unhealthy and the ALB
   * fails open, so the 503 still reaches Route 53's checkers: the check goes red, it never vanishes.
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
   */
  private createDeepCheckRoute(
    name: string,
    deepCheck: { readonly path: string; readonly port: number },
    vpcId: pulumi.Input<string>,
    https: aws.lb.Listener,
  ): aws.lb.TargetGroup {
    const parent = { parent: this };
    const label = (suffix: string) => ({ Name: `${physicalName(name, pulumi.getStack())}-${suffix}` });
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-deep-check`,
      {
        vpcId,
        targetType: "ip",
        protocol: "HTTP",
        port: deepCheck.port,
        deregistrationDelay: 10,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: deepCheck.path,
          matcher: "200",
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        tags: label("deep-check"),
      },
      parent,
    );
    new aws.lb.ListenerRule(
      `${name}-deep-check`,
      {
        listenerArn: https.arn,
        // Ahead of the allow-list rules (10, 20, ...).
        priority: 5,
        conditions: [{ pathPattern: { values: [deepCheck.path] } }],
        actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        tags: label("deep-check"),
      },
      parent,
    );
    return targetGroup;
  }
}
