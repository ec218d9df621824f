import * as pulumi from "@pulumi/pulumi";
import { regionOf } from "../aws";
import { Aurora } from "../data";
import { DatabaseSetupJob } from "../database-setup";
import { EksCluster, NodeGroups } from "../eks";
import {
  awsSiteProbes,
  grantSecretRead,
  REGIONAL_HEALTH_SERVICE_ACCOUNT,
  RegionalHealthCheck,
  vpcResolverAddress,
} from "../health";
import { ApplicationLoadBalancer, LoadBalancerController } from "../ingress";
import { AwsSiteDeepCheckArgs } from "./aws-site-args";
import { applicationSecretIn } from "./aws-site-data-access";

/** What an AWS site's deep check is built from: the site's parts it probes and runs in. */
export interface DeepCheckParts {
  readonly cluster: EksCluster;
  readonly nodeGroups?: NodeGroups;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly controller?: LoadBalancerController;
  readonly database?: Aurora;
  readonly databaseSetup?: DatabaseSetupJob;
  /** The site's VPC block: its resolver is the base address + 2. */
  readonly vpcCidr: string;
}

/**
 * The deep check probes this site only: its own cluster's reader endpoint (any instance will do, so an
 * in-Region writer failover does not trip it) and its own Region's API endpoints, through its own VPC's
 * resolver.
 */
export function createAwsDeepCheck(
  site: pulumi.Resource,
  name: string,
  d: AwsSiteDeepCheckArgs,
  parts: DeepCheckParts,
): RegionalHealthCheck {
  const { cluster, loadBalancer, database } = parts;
  // The application's login, read as an application reads it (its secret, with Pod Identity): a green check
  // proves that path, not the master's.
  const credentials = d.databaseCredentials ?? database?.application;
  const secretArn = applicationSecretIn(site, database, d);
  const region = regionOf(site);
  const probes = pulumi
    .all([region, database?.readerEndpoint ?? "", database?.port ?? 5432, secretArn])
    .apply(([r, host, port, secretId]) => {
      const all = awsSiteProbes({
        region: r,
        databaseHost: host,
        databasePort: port,
        databaseName: credentials?.database,
        login: secretId === undefined ? undefined : { source: "aws-secrets-manager", secretId, region: r },
        writerOnly: d.writerOnly,
      });
      return database ? all : all.filter((p) => p.kind !== "postgres");
    });
  // The pods read their login with Pod Identity, which EKS gives only to pods created after the association:
  // the association first (the namespace is named, not waited for), then the check.
  const namespace = `${name}-deep-check`;
  const grant =
    secretArn === undefined
      ? undefined
      : grantSecretRead(site, `${name}-deep-check-login`, {
          clusterName: cluster.clusterName,
          namespace,
          serviceAccount: REGIONAL_HEALTH_SERVICE_ACCOUNT,
          secretArn,
          region,
          kmsKeyArn: database?.application ? database.kmsKeyArn : undefined,
        });
  const check = new RegionalHealthCheck(
    `${name}-deep-check`,
    {
      path: d.path,
      namespace,
      resolver: { address: vpcResolverAddress(parts.vpcCidr) },
      probes,
      // Only without a secret to read: then the login lives in a Kubernetes Secret.
      databaseCredentials:
        secretArn === undefined && credentials
          ? { username: credentials.username, password: credentials.password }
          : undefined,
      targetGroup: loadBalancer.deepCheckTargetGroupArn && {
        arn: loadBalancer.deepCheckTargetGroupArn,
        loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
        controller: parts.controller,
      },
      after: [
        ...(grant ? [grant.association] : []),
        // The login the check uses exists once the setup job has run.
        ...(parts.databaseSetup ? [parts.databaseSetup.job] : []),
      ],
    },
    {
      parent: site,
      providers: { kubernetes: cluster.provider },
      dependsOn: parts.nodeGroups ? [parts.nodeGroups] : [],
    },
  );
  return check;
}
