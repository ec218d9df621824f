import { AUTO_PAUSE_MINIMUM_VERSIONS, canAutoPause } from "../lib/aurora";
import { parseCidr } from "../lib/cidr";
import { CLUSTER_AUTOSCALER_CHART, LOAD_BALANCER_CONTROLLER_CHART } from "./catalogues";
import { suggest } from "./did-you-mean";
import { Problem, setCommand, show } from "./problems";
import { EnvironmentProfile, profileOf } from "./profiles";
import { at, ConfigPath, int, num, str } from "./raw";

/** A reference pinned by digest, as the clusters' admission policy requires (components/kubernetes/images.ts). */
const DIGEST = /@sha256:[a-f0-9]{64}$/;

/**
 * Rules for the services on the sites: EKS, the sample workload, Aurora and data protection. Like the
 * site rules, they read the raw config defensively so every problem is reported in one pass.
 */
export function checkServiceRules(raw: unknown): Problem[] {
  const env = profileOf(str(raw, "environment"));
  return [
    ...checkEks(raw),
    ...checkWorkload(raw, env),
    ...checkDatabase(raw, env),
    ...checkProtection(raw, env),
    ...checkAlarms(raw),
  ];
}

type Env = { readonly name: string; readonly profile: EnvironmentProfile };

function pattern(raw: unknown, path: ConfigPath, re: RegExp, expected: string, example: string): Problem[] {
  const value = str(raw, path);
  return value !== undefined && !re.test(value)
    ? [{ path, message: `got ${show(value)}; expected ${expected}`, fix: setCommand(path, example) }]
    : [];
}

/** A chart version is exact (Helm would otherwise resolve a range at install time); the fix proposes a published one. */
function chartPattern(raw: unknown, path: ConfigPath, published: readonly string[]): Problem[] {
  const value = str(raw, path);
  return value !== undefined && !/^\d+\.\d+\.\d+$/.test(value)
    ? [
        {
          path,
          message: `got ${show(value)}; expected an exact chart version like ${published[0]}`,
          fix: setCommand(path, suggest(value, published) ?? published[0]),
        },
      ]
    : [];
}

function checkEks(raw: unknown): Problem[] {
  const problems = [
    ...pattern(raw, "eks.version", /^1\.\d{2}$/, 'a Kubernetes minor version like "1.33"', "1.33"),
    ...chartPattern(raw, "eks.clusterAutoscalerChartVersion", CLUSTER_AUTOSCALER_CHART.versions),
    ...chartPattern(raw, "eks.loadBalancerControllerChartVersion", LOAD_BALANCER_CONTROLLER_CHART.versions),
  ];
  const cidrs = at(raw, "eks.publicAccessCidrs");
  (Array.isArray(cidrs) ? cidrs : []).forEach((cidr, i) => {
    const path = `eks.publicAccessCidrs[${i}]`;
    const parsed = typeof cidr === "string" ? parseCidr(cidr) : { error: "is not a string" };
    if ("error" in parsed) {
      problems.push({ path, message: `got ${show(cidr)}; it ${parsed.error}`, fix: "list CIDRs like 203.0.113.0/24" });
    } else if (parsed.prefix < 8) {
      problems.push({
        path,
        message: `got ${show(cidr)}; a public API endpoint open to that much of the internet is as good as open to all`,
        fix: "list only your networks' CIDRs (VPN, office), or none to keep the endpoint private",
      });
    }
  });
  const roles = at(raw, "eks.adminRoleArns");
  (Array.isArray(roles) ? roles : []).forEach((arn, i) => {
    if (typeof arn !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)) {
      problems.push({
        path: `eks.adminRoleArns[${i}]`,
        message: `got ${show(arn)}; expected an IAM role ARN like arn:aws:iam::123456789012:role/platform-admin`,
        fix: "use the role's ARN (`aws iam get-role --role-name NAME --query Role.Arn`)",
      });
    }
  });
  return problems;
}

function checkWorkload(raw: unknown, env: Env): Problem[] {
  const problems: Problem[] = [];
  const image = at(raw, "workload.image");
  if (typeof image === "string" && !isPinnedImage(image)) {
    problems.push({
      path: "workload.image",
      message: `got ${show(image)}; expected a container image pinned to a tag or digest, like ghcr.io/stefanprodan/podinfo:6.7.1${image.trim() === "" ? "" : ' (without a tag, or with "latest", the image can change under a running stack)'}`,
      fix:
        image.trim() === ""
          ? "pulumi config rm --path workload.image (the default image is pinned)"
          : setCommand("workload.image", "<repository>:<tag>"),
    });
  }
  if (
    typeof image === "string" &&
    isPinnedImage(image) &&
    env.profile.imageAdmission === "deny" &&
    !DIGEST.test(image)
  ) {
    problems.push({
      path: "workload.image",
      message: `got ${show(image)}; ${env.name}'s admission policy admits only images pinned by digest, so its pods would be refused`,
      fix: `${setCommand("workload.image", "<repository>:<tag>@sha256:<digest>")} (the digest: \`docker buildx imagetools inspect <repository>:<tag>\`)`,
    });
  }
  const min = int(raw, "workload.minReplicas");
  const max = int(raw, "workload.maxReplicas");
  const { minReplicas } = env.profile;
  if (min !== undefined && min < 1) {
    problems.push({
      path: "workload.minReplicas",
      message: `got ${min}; an HPA needs at least 1`,
      fix: setCommand("workload.minReplicas", "2"),
    });
  }
  if (min !== undefined && minReplicas > 1 && min < minReplicas) {
    problems.push({
      path: "workload.minReplicas",
      message: `got ${min}; ${env.name} keeps at least ${minReplicas} replicas so one AZ or node can fail without an outage`,
      fix: setCommand("workload.minReplicas", String(minReplicas)),
    });
  }
  if (min !== undefined && max !== undefined && min > max) {
    problems.push({
      path: "workload.minReplicas",
      message: `got ${min}, above \`workload.maxReplicas\` (${max})`,
      fix: setCommand("workload.minReplicas", String(max)),
    });
  }
  const cpu = int(raw, "workload.targetCpuPercent");
  if (cpu !== undefined && (cpu < 10 || cpu > 95)) {
    problems.push({
      path: "workload.targetCpuPercent",
      message: `got ${cpu}; a CPU target outside 10 to 95 percent either never scales or scales too late`,
      fix: setCommand("workload.targetCpuPercent", "70"),
    });
  }
  // The health-check path is the deep regional check's; forwarding it to the service as well would make
  // Route 53 check podinfo instead, which stays green through a 2018-style failure.
  const paths = at(raw, "workload.publicPaths");
  const healthPath = str(raw, "dns.healthCheckPath") ?? "/healthz/region";
  if (Array.isArray(paths)) {
    paths.forEach((p, i) => {
      if (p === healthPath) {
        problems.push({
          path: `workload.publicPaths[${i}]`,
          message: `got ${show(p)}, the health-check path (\`dns.healthCheckPath\`), which the deep regional check serves`,
          fix: "drop it from `workload.publicPaths` in the stack file: Route 53's checks reach the deep check without it",
        });
      }
    });
  }
  return problems;
}

function checkDatabase(raw: unknown, env: Env): Problem[] {
  const { minDatabaseInstances, minBackupRetentionDays } = env.profile;
  const problems = pattern(
    raw,
    "database.engineVersion",
    /^\d+\.\d+$/,
    'an Aurora PostgreSQL version like "16.6"',
    "16.6",
  );
  const instances = int(raw, "database.instances");
  if (instances !== undefined && (instances < 1 || instances > 16)) {
    problems.push({
      path: "database.instances",
      message: `got ${instances}; an Aurora cluster has 1 writer and up to 15 readers`,
      fix: setCommand("database.instances", "2"),
    });
  } else if (instances !== undefined && instances < minDatabaseInstances) {
    problems.push({
      path: "database.instances",
      message: `got ${instances}; ${env.name} needs a reader in another AZ to fail over to (typically under 60 to 120 s)`,
      fix: setCommand("database.instances", String(minDatabaseInstances)),
    });
  }
  const retention = int(raw, "database.backupRetentionDays");
  if (retention !== undefined && (retention < 1 || retention > 35)) {
    problems.push({
      path: "database.backupRetentionDays",
      message: `got ${retention}; Aurora keeps automated backups 1 to 35 days`,
      fix: setCommand("database.backupRetentionDays", "14"),
    });
  } else if (retention !== undefined && retention < minBackupRetentionDays) {
    problems.push({
      path: "database.backupRetentionDays",
      message: `got ${retention}; ${env.name} keeps backups at least ${minBackupRetentionDays} days`,
      fix: setCommand("database.backupRetentionDays", String(minBackupRetentionDays)),
    });
  }
  const minAcu = num(raw, "database.serverless.minCapacity");
  const maxAcu = num(raw, "database.serverless.maxCapacity");
  if (minAcu !== undefined && maxAcu !== undefined && minAcu > maxAcu) {
    problems.push({
      path: "database.serverless.minCapacity",
      message: `got ${minAcu}, above \`database.serverless.maxCapacity\` (${maxAcu})`,
      fix: setCommand("database.serverless.minCapacity", String(maxAcu), "float"),
    });
  }
  if (maxAcu !== undefined && maxAcu > 256) {
    problems.push({
      path: "database.serverless.maxCapacity",
      message: `got ${maxAcu}; Serverless v2 scales to 256 ACUs at most`,
      fix: setCommand("database.serverless.maxCapacity", "256"),
    });
  }
  const version = str(raw, "database.engineVersion");
  if (minAcu === 0 && version !== undefined && !canAutoPause(version)) {
    problems.push({
      path: "database.serverless.minCapacity",
      message: `got 0, but Aurora PostgreSQL ${version} cannot pause; scaling to 0 ACUs needs ${AUTO_PAUSE_MINIMUM_VERSIONS} or later`,
      fix: `${setCommand("database.engineVersion", "16.6")}, or set database.serverless.minCapacity to 0.5`,
    });
  }
  return problems;
}

function checkProtection(raw: unknown, env: Env): Problem[] {
  const problems: Problem[] = [];
  for (const key of ["protection.deletionProtection", "protection.protect"] as const) {
    if (env.profile.requireProtection && at(raw, key) === false) {
      problems.push({
        path: key,
        message: `got false; ${env.name} data is protected both in the cloud and in Pulumi`,
        fix: setCommand(key, "true"),
      });
    }
  }
  if (!env.profile.mayTeardown && at(raw, "teardown.allowed") === true) {
    problems.push({
      path: "teardown.allowed",
      message: `got true; ${env.name} is never torn down on a schedule`,
      fix: setCommand("teardown.allowed", "false"),
    });
  }
  return problems;
}

/** A registry path with a tag (not "latest") or a digest after the last slash. */
function isPinnedImage(image: string): boolean {
  if (/\s/.test(image) || image === "") {
    return false;
  }
  if (/@sha256:[0-9a-f]{64}$/.test(image)) {
    return true;
  }
  const last = image.slice(image.lastIndexOf("/") + 1);
  const tag = last.includes(":") ? last.slice(last.indexOf(":") + 1) : "";
  return tag !== "" && tag !== "latest";
}

/** What SNS accepts as an email subscription endpoint: one plain address, no display name. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function checkAlarms(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const email = at(raw, "alarms.email");
  if (typeof email === "string" && !(EMAIL.test(email) && email.length <= 254)) {
    problems.push({
      path: "alarms.email",
      message: `got ${show(email)}; expected one email address like ops@example.com (SNS sends the subscription confirmation there)`,
      fix: setCommand("alarms.email", "<address>"),
    });
  }
  const endpoints = at(raw, "alarms.httpsEndpoints");
  (Array.isArray(endpoints) ? endpoints : []).forEach((endpoint, i) => {
    const path = `alarms.httpsEndpoints[${i}]`;
    if (typeof endpoint === "string" && !isHttpsUrl(endpoint)) {
      problems.push({
        path,
        message: `got ${show(endpoint)}; expected an https URL with a host, like https://events.pagerduty.com/integration/<key>/enqueue (SNS delivers alarms to it over TLS)`,
        fix: setCommand(path, "https://<host>/<path>"),
      });
    }
  });
  return problems;
}

/** A URL SNS can subscribe with the https protocol (and Cloud Monitoring as a webhook): parseable, https, a host. */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !/\s/.test(value);
  } catch {
    return false;
  }
}
