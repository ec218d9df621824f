import {
  AURORA_POSTGRESQL_INSTANCE_CLASSES,
  AURORA_POSTGRESQL_VERSIONS,
  AURORA_VERSIONS_AS_OF,
  CLUSTER_AUTOSCALER_CHART,
  ChartCatalogue,
  EC2_INSTANCE_TYPES,
  EKS_VERSIONS,
  EKS_VERSIONS_AS_OF,
  LOAD_BALANCER_CONTROLLER_CHART,
} from "./catalogues";
import { suggest } from "./did-you-mean";
import { Problem, setCommand, show } from "./problems";
import { at, AWS_SITE_PATHS, AwsSitePath, ConfigPath, str } from "./raw";

/**
 * Values that must name something that exists: a Kubernetes version EKS offers, an Aurora engine version
 * and instance class, EC2 instance types, published chart versions. Each is looked up in a dated catalogue
 * (stack-config/catalogues); a value that is well formed but not listed is reported with the catalogue's
 * date, so "AWS released it since" is one line to add, never a silent pass or a failure mid-deployment.
 */
export function checkCatalogues(raw: unknown): Problem[] {
  return [
    ...checkEksVersion(raw),
    ...checkChart(raw, "eks.clusterAutoscalerChartVersion", CLUSTER_AUTOSCALER_CHART),
    ...checkChart(raw, "eks.loadBalancerControllerChartVersion", LOAD_BALANCER_CONTROLLER_CHART),
    ...checkEngineVersion(raw),
    ...checkInstanceClass(raw, "database.instanceClass"),
    ...checkInstanceClass(raw, "secondary.aws.database.instanceClass"),
    ...AWS_SITE_PATHS.flatMap((site) => checkInstanceTypes(raw, site)),
  ];
}

const minor = (version: string) => Number(version.split(".")[1]);

function checkEksVersion(raw: unknown): Problem[] {
  const path = "eks.version";
  const version = str(raw, path);
  // A malformed version is reported by the service rules; only a well-formed one is looked up.
  if (version === undefined || !/^1\.\d{2}$/.test(version) || EKS_VERSIONS.some((v) => v.version === version)) {
    return [];
  }
  const offered = EKS_VERSIONS.map((v) => v.version).sort((a, b) => minor(a) - minor(b));
  const [oldest, newest] = [offered[0], offered[offered.length - 1]];
  const newer = minor(version) > minor(newest);
  return [
    {
      path,
      message: newer
        ? `got ${show(version)}; not in the EKS version catalogue (as of ${EKS_VERSIONS_AS_OF}: ${oldest} to ${newest}); if EKS has released it since, add it to stack-config/catalogues/eks-versions.ts`
        : `got ${show(version)}; Amazon EKS no longer creates clusters on it (the catalogue as of ${EKS_VERSIONS_AS_OF} lists ${oldest} to ${newest})`,
      fix: setCommand(path, newer ? newest : oldest),
    },
  ];
}

function checkChart(raw: unknown, path: ConfigPath, chart: ChartCatalogue): Problem[] {
  const version = str(raw, path);
  if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version) || chart.versions.includes(version)) {
    return [];
  }
  // The newest release of the same minor line (a patch that does not exist), else the newest release.
  const line = version.split(".").slice(0, 2).join(".");
  const proposal = chart.versions.find((v) => v.startsWith(`${line}.`)) ?? chart.versions[0];
  const range = `${chart.versions[chart.versions.length - 1]} to ${chart.versions[0]}`;
  return [
    {
      path,
      message: `got ${show(version)}; not a published ${chart.chart} chart version (the catalogue as of ${chart.asOf} lists ${range} from ${chart.repository}; add a newer release to stack-config/catalogues/helm-charts.ts)`,
      fix: setCommand(path, proposal),
    },
  ];
}

function checkEngineVersion(raw: unknown): Problem[] {
  const path = "database.engineVersion";
  const version = str(raw, path);
  if (version === undefined || !/^\d+\.\d+$/.test(version) || AURORA_POSTGRESQL_VERSIONS.includes(version)) {
    return [];
  }
  const [major, given] = version.split(".").map(Number);
  const sameMajor = AURORA_POSTGRESQL_VERSIONS.filter((v) => Number(v.split(".")[0]) === major);
  // The next release of the same major line, else its newest, else the default's line.
  const proposal = sameMajor.find((v) => Number(v.split(".")[1]) > given) ?? sameMajor[sameMajor.length - 1] ?? "16.6";
  const offered =
    sameMajor.length > 0
      ? `offered for ${major}: ${sameMajor.join(", ")}`
      : `offered majors: ${[...new Set(AURORA_POSTGRESQL_VERSIONS.map((v) => v.split(".")[0]))].join(", ")}`;
  return [
    {
      path,
      message: `got ${show(version)}; not an Aurora PostgreSQL version AWS creates clusters with (the catalogue as of ${AURORA_VERSIONS_AS_OF}, ${offered})`,
      fix: setCommand(path, proposal),
    },
  ];
}

function checkInstanceClass(raw: unknown, path: ConfigPath): Problem[] {
  const value = str(raw, path);
  if (value === undefined || AURORA_POSTGRESQL_INSTANCE_CLASSES.includes(value)) {
    return [];
  }
  const guess = suggest(value, AURORA_POSTGRESQL_INSTANCE_CLASSES);
  return [
    {
      path,
      message: `got ${show(value)}; not a DB instance class Aurora PostgreSQL runs on${guess ? ` (did you mean "${guess}"?)` : ""}`,
      fix: setCommand(path, guess ?? "db.r6g.large"),
    },
  ];
}

function checkInstanceTypes(raw: unknown, site: AwsSitePath): Problem[] {
  const groups = at(raw, `${site}.nodeGroups`);
  if (groups === null || typeof groups !== "object") {
    return [];
  }
  const known = [...EC2_INSTANCE_TYPES];
  return Object.keys(groups).flatMap((group) => {
    const listPath: ConfigPath = `${site}.nodeGroups.${group}.instanceTypes`;
    const types = at(raw, listPath);
    return (Array.isArray(types) ? types : []).flatMap((type, i) => {
      if (typeof type !== "string" || type === "" || EC2_INSTANCE_TYPES.has(type)) {
        return [];
      }
      const guess = suggest(type, known);
      return [
        {
          path: `${listPath}[${i}]`,
          message: `got ${show(type)}; not an EC2 instance type${guess ? ` (did you mean "${guess}"?)` : ""}`,
          fix: `pulumi config set --path '${listPath}[${i}]' ${guess ?? "<instance-type>"}`,
        },
      ];
    });
  });
}
