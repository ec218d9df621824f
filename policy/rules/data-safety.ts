import { resourceRule } from "../lib/rule";
import { at, bool, label, str } from "../lib/read";
import { T } from "../lib/sites";

/**
 * Data safety: a stateful resource survives a careless `pulumi up` or `destroy`. Pulumi `protect` stops
 * the engine; cloud deletion protection stops everything else (console, CLI, a rogue script).
 */

export const deletionProtection = () =>
  resourceRule(
    {
      name: "deletion-protection",
      area: "data-safety",
      description: "Databases and load balancers have cloud-side deletion protection on.",
      severity: "high",
      remediation: "pulumi config set --path protection.deletionProtection true",
      checkov: ["CKV_AWS_139", "CKV_AWS_150"],
      trivy: ["AVD-AWS-0343"],
    },
    [T.rdsCluster, T.loadBalancer, T.cloudSql],
    (props, report, { args }) => {
      const on =
        args.type === T.rdsCluster
          ? bool(props.deletionProtection) === true
          : args.type === T.loadBalancer
            ? bool(props.enableDeletionProtection) === true
            : bool(props.deletionProtection) !== false &&
              bool(at(props, "settings.deletionProtectionEnabled")) === true;
      if (!on) {
        report(`${label(args)} can be deleted outside Pulumi: deletion protection is off.`);
      }
    },
  );

/** What holds data or an address users depend on; `protect` must guard each. */
export const STATEFUL_TYPES = [
  T.rdsCluster,
  T.rdsInstance,
  T.globalCluster,
  T.bucket,
  T.queue,
  T.backupVault,
  T.loadBalancer,
  T.cloudSql,
  T.gcsBucket,
] as const;

export const statefulProtected = () =>
  resourceRule(
    {
      name: "stateful-protected",
      area: "data-safety",
      description: "Stateful resources carry Pulumi `protect`, so no update or destroy can delete them.",
      severity: "high",
      remediation: "pulumi config set --path protection.protect true",
    },
    STATEFUL_TYPES,
    (_props, report, { args }) => {
      if (!args.opts.protect) {
        report(`${label(args)} is not protected: a replace or destroy would delete its data.`);
      }
    },
  );

export const finalSnapshot = () =>
  resourceRule(
    {
      name: "final-snapshot",
      area: "data-safety",
      description: "Deleting an Aurora cluster leaves a final snapshot.",
      severity: "medium",
      remediation:
        "set skipFinalSnapshot false with a finalSnapshotIdentifier (the Aurora component does unless teardown is allowed).",
    },
    [T.rdsCluster],
    (props, report, { args }) => {
      if (bool(props.skipFinalSnapshot) !== false || !str(props.finalSnapshotIdentifier)) {
        report(`${label(args)} would be deleted without a final snapshot.`);
      }
    },
  );

export const noForceDestroy = () =>
  resourceRule(
    {
      name: "no-force-destroy",
      area: "data-safety",
      description: "Buckets are never emptied on delete (forceDestroy), so objects survive a destroy.",
      severity: "high",
      remediation: "pulumi config set --path teardown.allowed false (forceDestroy follows it).",
    },
    [T.bucket, T.gcsBucket],
    (props, report, { args }) => {
      if (bool(props.forceDestroy) === true) {
        report(`${label(args)} has forceDestroy: a destroy deletes every object in it.`);
      }
    },
  );

export const dataSafetyRules = () => [deletionProtection(), statefulProtected(), finalSnapshot(), noForceDestroy()];
