import { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/rule";
import { dependenciesOf, label, referencing, list, num, obj, ofType, str, strings, bool } from "../lib/read";
import { T } from "../lib/sites";

/** Network exposure: who can reach what, and whether the VPC keeps a record of it. */

const OPEN = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

interface Ingress {
  readonly from: number;
  readonly to: number;
  readonly protocol: string;
  readonly open: boolean;
}

/** Ingress rules of a security group, inline or as separate rule resources. */
function ingressOf(resources: readonly PolicyResource[], sg: PolicyResource): Ingress[] {
  const inline = list(sg.props.ingress)
    .map(obj)
    .map((r) => ({
      from: num(r.fromPort) ?? 0,
      to: num(r.toPort) ?? 65535,
      protocol: str(r.protocol) ?? "-1",
      open: [...strings(r.cidrBlocks), ...strings(r.ipv6CidrBlocks)].some((c) => OPEN.includes(c)),
    }));
  const separate = [
    ...referencing(resources, sg, T.sgRule, "securityGroupId"),
    ...referencing(resources, sg, T.sgIngressRule, "securityGroupId"),
  ]
    .filter((r) => r.type === T.sgIngressRule || r.props.type === "ingress")
    .map((r) => ({
      from: num(r.props.fromPort) ?? 0,
      to: num(r.props.toPort) ?? 65535,
      protocol: str(r.props.protocol ?? r.props.ipProtocol) ?? "-1",
      open: [
        ...strings(r.props.cidrBlocks),
        ...strings(r.props.ipv6CidrBlocks),
        str(r.props.cidrIpv4),
        str(r.props.cidrIpv6),
      ].some((c) => c !== undefined && OPEN.includes(c)),
    }));
  return [...inline, ...separate];
}

export const noOpenIngress = () =>
  stackRule(
    {
      name: "no-open-ingress",
      area: "security",
      description:
        "No security group admits 0.0.0.0/0 or ::/0, except a load balancer's on TCP 80 and 443; node groups allow no SSH.",
      severity: "critical",
      remediation:
        "narrow the rule's source to the VPC or a security group; only internet-facing load balancers take 80/443 from anywhere.",
      related: [
        {
          id: "CKV_AWS_100",
          difference:
            "CKV_AWS_100 judges only node groups, failing remote_access with an SSH key and no source security group; ours judges every security group's ingress from 0.0.0.0/0 or ::/0 and fails any remoteAccess.",
        },
      ],
    },
    (resources, report) => {
      const lbGroups = new Set(
        ofType(resources, T.loadBalancer).flatMap((lb) => dependenciesOf(lb, T.securityGroup).map((sg) => sg.urn)),
      );
      for (const sg of ofType(resources, T.securityGroup)) {
        const allowed = (i: Ingress) =>
          lbGroups.has(sg.urn) && i.protocol === "tcp" && i.from === i.to && WEB_PORTS.includes(i.from);
        const bad = ingressOf(resources, sg).filter((i) => i.open && !allowed(i));
        if (bad.length > 0) {
          const ports = bad
            .map((i) => (i.from === i.to ? `${i.protocol}/${i.from}` : `${i.protocol}/${i.from}-${i.to}`))
            .join(", ");
          report(`${label(sg)} admits the internet on ${ports}.`, sg.urn);
        }
      }
      for (const group of ofType(resources, T.nodeGroup)) {
        if (Object.keys(obj(group.props.remoteAccess)).length > 0) {
          report(`${label(group)} opens SSH through remoteAccess.`, group.urn);
        }
      }
    },
  );

export const vpcFlowLogs = () =>
  stackRule(
    {
      name: "vpc-flow-logs",
      area: "security",
      description: "Every VPC records flow logs of all traffic.",
      severity: "medium",
      remediation: "keep the AwsNetwork flow log (trafficType ALL) on every VPC.",
      related: [
        {
          id: "CKV2_AWS_11",
          difference:
            "CKV2_AWS_11 accepts any flow log attached to the VPC; ours requires one that records ALL traffic, not only ACCEPT or REJECT.",
        },
        {
          id: "AVD-AWS-0178",
          difference:
            "AVD-AWS-0178 accepts any flow log of the VPC, whatever its traffic type; ours requires one that records ALL traffic.",
        },
      ],
    },
    (resources, report) => {
      for (const vpc of ofType(resources, T.vpc)) {
        const logs = referencing(resources, vpc, T.flowLog, "vpcId").filter((f) => str(f.props.trafficType) === "ALL");
        if (logs.length === 0) {
          report(`${label(vpc)} has no flow log of ALL traffic.`, vpc.urn);
        }
      }
    },
  );

/** TLS 1.2 or later only: the TLS13-1-2/1-3 and FS-1-2 families AWS recommends for new listeners. */
const MODERN_TLS = /^ELBSecurityPolicy-(TLS13-1-2-|TLS13-1-3-|FS-1-2-)/;

export const albHttpsModernTls = () =>
  resourceRule(
    {
      name: "alb-https-modern-tls",
      area: "security",
      description:
        "Load balancer listeners serve HTTPS with a TLS 1.2+ security policy; HTTP listeners only redirect to HTTPS.",
      severity: "high",
      remediation:
        "use sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 on HTTPS and a 301 redirect on HTTP (ApplicationLoadBalancer does).",
      checkov: ["CKV_AWS_2"],
      related: [
        {
          id: "CKV_AWS_103",
          difference:
            "CKV_AWS_103 also accepts the TLS-1-2 family and every TLS13 policy (ELBSecurityPolicy-TLS13-1-0-2021-06, which allows TLS 1.0, too); ours accepts only the TLS13-1-2, TLS13-1-3 and FS-1-2 families.",
        },
        {
          id: "AVD-AWS-0054",
          difference:
            "AVD-AWS-0054 accepts an HTTP listener with any redirect action, even one to HTTP; ours requires every default action to redirect to HTTPS.",
        },
        {
          id: "AVD-AWS-0047",
          difference:
            "AVD-AWS-0047 fails only ten listed policies: it passes ELBSecurityPolicy-TLS-1-2-2017-01, which ours fails, and fails ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06, which ours accepts.",
        },
      ],
    },
    [T.listener],
    (props, report, { args }) => {
      const protocol = str(props.protocol) ?? "HTTP";
      if (protocol === "HTTPS" || protocol === "TLS") {
        const policy = str(props.sslPolicy) ?? "ELBSecurityPolicy-2016-08 (default)";
        if (!MODERN_TLS.test(policy)) {
          report(`${label(args)} uses TLS policy ${policy}.`);
        }
        return;
      }
      const actions = list(props.defaultActions);
      const redirects =
        actions.length > 0 &&
        actions.every((a) => obj(a).type === "redirect" && str(obj(obj(a).redirect).protocol) === "HTTPS");
      if (protocol === "HTTP" && !redirects) {
        report(`${label(args)} serves plain HTTP instead of redirecting to HTTPS.`);
      }
    },
  );

export const albDropInvalidHeaders = () =>
  resourceRule(
    {
      name: "alb-drop-invalid-headers",
      area: "security",
      description: "Application load balancers drop invalid HTTP header fields (request smuggling).",
      severity: "medium",
      remediation: "set dropInvalidHeaderFields true on the load balancer.",
      checkov: ["CKV_AWS_131"],
      trivy: ["AVD-AWS-0052"],
    },
    [T.loadBalancer],
    (props, report, { args }) => {
      const application = (str(props.loadBalancerType) ?? "application") === "application";
      if (application && bool(props.dropInvalidHeaderFields) !== true) {
        report(`${label(args)} keeps invalid header fields.`);
      }
    },
  );

export const securityNetworkRules = () => [
  noOpenIngress(),
  vpcFlowLogs(),
  albHttpsModernTls(),
  albDropInvalidHeaders(),
];
