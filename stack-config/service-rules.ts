import { AUTO_PAUSE_MINIMUM_MINOR } from "../components/data/aurora-rules";
import { parseCidr } from "../components/network/cidr";
import { Problem, setCommand, show } from "./problems";
import { at, int, str } from "./raw";

/**
 * Rules for the services on the sites: EKS, the sample workload, Aurora and data protection. Like the
 * site rules, they read the raw config defensively so every problem is reported in one pass.
 */
export function checkServiceRules(raw: unknown): Problem[] {
  const prod = str(raw, "environment") === "prod";
  return [...checkEks(raw), ...checkWorkload(raw, prod), ...checkDatabase(raw, prod), ...checkProtection(raw, prod)];
}

const num = (raw: unknown, path: string): number | undefined => {
  const v = at(raw, path);
  return typeof v === "number" ? v : undefined;
};

function pattern(raw: unknown, path: string, re: RegExp, expected: string, example: string): Problem[] {
  const value = str(raw, path);
  return value !== undefined && !re.test(value)
    ? [{ path, message: `got ${show(value)}; expected ${expected}`, fix: setCommand(path, example) }]
    : [];
}

function checkEks(raw: unknown): Problem[] {
  const problems = [
    ...pattern(raw, "eks.version", /^1\.\d{2}$/, 'a Kubernetes minor version like "1.33"', "1.33"),
    ...pattern(raw, "eks.clusterAutoscalerChartVersion", /^\d+\.\d+\.\d+$/, "a chart version like 9.46.6", "9.46.6"),
    ...pattern(
      raw,
      "eks.loadBalancerControllerChartVersion",
      /^\d+\.\d+\.\d+$/,
      "a chart version like 1.13.3",
      "1.13.3",
    ),
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

function checkWorkload(raw: unknown, prod: boolean): Problem[] {
  const problems: Problem[] = [];
  const min = int(raw, "workload.minReplicas");
  const max = int(raw, "workload.maxReplicas");
  if (min !== undefined && min < 1) {
    problems.push({
      path: "workload.minReplicas",
      message: `got ${min}; an HPA needs at least 1`,
      fix: setCommand("workload.minReplicas", "2"),
    });
  }
  if (prod && min !== undefined && min < 2) {
    problems.push({
      path: "workload.minReplicas",
      message: `got ${min}; prod keeps at least 2 replicas so one AZ or node can fail without an outage`,
      fix: setCommand("workload.minReplicas", "2"),
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
  return problems;
}

function checkDatabase(raw: unknown, prod: boolean): Problem[] {
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
  } else if (prod && instances !== undefined && instances < 2) {
    problems.push({
      path: "database.instances",
      message: `got ${instances}; prod needs a reader in another AZ to fail over to (typically under 60 to 120 s)`,
      fix: setCommand("database.instances", "2"),
    });
  }
  const retention = int(raw, "database.backupRetentionDays");
  if (retention !== undefined && (retention < 1 || retention > 35)) {
    problems.push({
      path: "database.backupRetentionDays",
      message: `got ${retention}; Aurora keeps automated backups 1 to 35 days`,
      fix: setCommand("database.backupRetentionDays", "14"),
    });
  } else if (prod && retention !== undefined && retention < 14) {
    problems.push({
      path: "database.backupRetentionDays",
      message: `got ${retention}; prod keeps backups at least 14 days`,
      fix: setCommand("database.backupRetentionDays", "14"),
    });
  }
  const minAcu = num(raw, "database.serverless.minCapacity");
  const maxAcu = num(raw, "database.serverless.maxCapacity");
  if (minAcu !== undefined && maxAcu !== undefined && minAcu > maxAcu) {
    problems.push({
      path: "database.serverless.minCapacity",
      message: `got ${minAcu}, above \`database.serverless.maxCapacity\` (${maxAcu})`,
      fix: setCommand("database.serverless.minCapacity", String(maxAcu)),
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
  const [major, minor] = (version ?? "").split(".");
  if (minAcu === 0 && version !== undefined && !(Number(minor) >= (AUTO_PAUSE_MINIMUM_MINOR[major] ?? Infinity))) {
    problems.push({
      path: "database.serverless.minCapacity",
      message: `got 0, but Aurora PostgreSQL ${version} cannot pause; scaling to 0 ACUs needs 13.15, 14.12, 15.7, 16.3 or later`,
      fix: `${setCommand("database.engineVersion", "16.6")}, or set database.serverless.minCapacity to 0.5`,
    });
  }
  return problems;
}

function checkProtection(raw: unknown, prod: boolean): Problem[] {
  if (!prod) {
    return [];
  }
  const problems: Problem[] = [];
  for (const key of ["protection.deletionProtection", "protection.protect"]) {
    if (at(raw, key) === false) {
      problems.push({
        path: key,
        message: "got false; prod data is protected both in the cloud and in Pulumi",
        fix: setCommand(key, "true"),
      });
    }
  }
  if (at(raw, "teardown.allowed") === true) {
    problems.push({
      path: "teardown.allowed",
      message: "got true; prod is never torn down on a schedule",
      fix: setCommand("teardown.allowed", "false"),
    });
  }
  return problems;
}
