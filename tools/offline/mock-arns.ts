import { T } from "@dr-platform/model";
/** The account every offline ARN uses; a documentation-reserved value, never a real account (re-exported by mocks.ts). */
export const OFFLINE_ACCOUNT_ID = "123456789012";

type Inputs = Record<string, any>;

/**
 * ARNs in the formats the Service Authorization Reference gives (the IAM linter checks every policy against
 * them), for the types whose ARN is not `<type>/<name>`: separators, service prefixes and suffixes differ.
 */
export const ARN_FORMATS: Readonly<Record<string, (name: string, region: string, inputs: Inputs) => string>> = {
  [T.rdsCluster]: (name, region, inputs) =>
    `arn:aws:rds:${region}:${OFFLINE_ACCOUNT_ID}:cluster:${inputs.clusterIdentifier ?? name}`,
  [T.logGroup]: (name, region, inputs) =>
    `arn:aws:logs:${region}:${OFFLINE_ACCOUNT_ID}:log-group:${inputs.name ?? name}`,
  [T.lambdaFunction]: (name, region, inputs) =>
    `arn:aws:lambda:${region}:${OFFLINE_ACCOUNT_ID}:function:${inputs.name ?? name}`,
  [T.stateMachine]: (name, region, inputs) =>
    `arn:aws:states:${region}:${OFFLINE_ACCOUNT_ID}:stateMachine:${inputs.name ?? name}`,
  // Secrets Manager appends six random characters to the name.
  [T.secret]: (name, region, inputs) =>
    `arn:aws:secretsmanager:${region}:${OFFLINE_ACCOUNT_ID}:secret:${inputs.name ?? name}-0ff1ce`,
  [T.nodeGroup]: (name, region, inputs) =>
    `arn:aws:eks:${region}:${OFFLINE_ACCOUNT_ID}:nodegroup/${inputs.clusterName ?? "cluster"}/${inputs.nodeGroupName ?? name}/0ff1ce00-0000-4000-8000-000000000000`,
  [T.topic]: (name, region, inputs) => `arn:aws:sns:${region}:${OFFLINE_ACCOUNT_ID}:${inputs.name ?? name}`,
  [T.queue]: (name, region, inputs) => `arn:aws:sqs:${region}:${OFFLINE_ACCOUNT_ID}:${inputs.name ?? name}`,
};
