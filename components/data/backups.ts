import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { attachManaged, awsContext, createCustomerKey, serviceTrust } from "../aws";
import { physicalName } from "../naming";
import { ArgProblem, failOnProblems, intRange } from "../problems";

/** A vault in another region (or account) that every recovery point is copied to. */
export interface BackupCopyTarget {
  /** ARN of the destination vault, e.g. the secondary site's vault. */
  readonly vaultArn: pulumi.Input<string>;
  /** Days the copies are kept there. */
  readonly retentionDays: number;
}

/** Arguments of {@link Backups}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface BackupsArgs {
  /** ARNs of the resources to back up (e.g. an Aurora cluster and an S3 bucket). */
  readonly resourceArns: pulumi.Input<string>[];
  /** Days a daily recovery point is kept in this vault. */
  readonly retentionDays: number;
  /** Copy every recovery point to this vault, e.g. in the secondary region. @default no copy */
  readonly copyTo?: BackupCopyTarget;
  /**
   * Keep the recovery points in this existing vault (same Region) instead of creating one: the site that
   * became the writer after a failover backs up into the vault that already holds the other site's copies.
   * @default a vault of its own, encrypted with its own key
   */
  readonly vault?: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
  /**
   * When the daily backup starts (AWS Backup cron, UTC). Aurora and S3 backups do not slow the source
   * down, so the hour need not be a quiet one; it is kept far from Aurora's own backup window.
   * @default "cron(0 5 ? * * *)"
   */
  readonly schedule?: string;
  /** Minutes after the scheduled time a job may still start before it is skipped (60 or more). @default 60 */
  readonly startWindowMinutes?: number;
  /** Minutes a started job may run before AWS Backup cancels it. @default 720 */
  readonly completionWindowMinutes?: number;
  /** Pulumi `protect` on the vault and its KMS key: `pulumi destroy` refuses to delete them. */
  readonly protect: boolean;
  /** Let deleting the vault delete its recovery points first (dev teardown). @default false */
  readonly forceDestroy?: boolean;
}

/**
 * AWS managed policies for the AWS Backup service role: RDS and the other services, plus S3. Keyed by
 * the attachment's name suffix, which is part of its URN.
 */
const BACKUP_POLICIES: Record<string, string> = {
  backup: "service-role/AWSBackupServiceRolePolicyForBackup",
  restores: "service-role/AWSBackupServiceRolePolicyForRestores",
  "s3-backup": "AWSBackupServiceRolePolicyForS3Backup",
  "s3-restore": "AWSBackupServiceRolePolicyForS3Restore",
};

/**
 * Backups is an AWS Backup vault encrypted with its own KMS key, a daily plan with retention and an
 * optional cross-region copy (the DR copy of a backup-restore stack), the service role, and a selection
 * of resources by ARN.
 */
export class Backups extends pulumi.ComponentResource {
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly planId: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Backups", name, {}, opts);
    const startWindow = args.startWindowMinutes ?? 60;
    const completionWindow = args.completionWindowMinutes ?? 720;
    failOnProblems(this, `Backups ${name}`, backupsProblems(args, startWindow, completionWindow));
    const stack = pulumi.getStack();
    const parent = { parent: this };

    const vault = args.vault ?? this.createVault(name, args);
    const plan = new aws.backup.Plan(
      name,
      {
        name: physicalName(name, stack, 50),
        rules: [
          {
            ruleName: "daily",
            targetVaultName: vault.name,
            schedule: args.schedule ?? "cron(0 5 ? * * *)",
            startWindow,
            completionWindow,
            lifecycle: { deleteAfter: args.retentionDays },
            copyActions: args.copyTo && [
              {
                destinationVaultArn: args.copyTo.vaultArn,
                lifecycle: { deleteAfter: args.copyTo.retentionDays },
              },
            ],
          },
        ],
      },
      parent,
    );

    // Autonamed: IAM names are global to the account, and another region of the same stack runs a
    // Backups with the same logical name.
    const role = new aws.iam.Role(
      name,
      {
        description: `AWS Backup service role of ${physicalName(name, stack)}`,
        assumeRolePolicy: serviceTrust("backup.amazonaws.com", "sts:AssumeRole"),
      },
      parent,
    );
    const attachments = attachManaged(this, name, role, BACKUP_POLICIES);

    new aws.backup.Selection(
      name,
      {
        name: physicalName(name, stack, 50),
        planId: plan.id,
        iamRoleArn: role.arn,
        resources: args.resourceArns,
      },
      // The first job must find the role able to read the resources.
      { parent: this, dependsOn: attachments },
    );

    this.vaultArn = pulumi.output(vault.arn);
    this.vaultName = pulumi.output(vault.name);
    this.planId = plan.id;
    this.roleArn = role.arn;
    this.registerOutputs({
      vaultArn: this.vaultArn,
      vaultName: this.vaultName,
      planId: this.planId,
      roleArn: this.roleArn,
    });
  }

  private createVault(name: string, args: BackupsArgs): aws.backup.Vault {
    const stack = pulumi.getStack();
    // The root-only policy is enough: AWS Backup uses the key through grants it creates with the
    // permissions of the caller and of the backup role, which the root statement delegates to IAM.
    // (Aurora recovery points stay encrypted with the cluster's key; this key protects the others and
    // the copies that arrive from elsewhere.)
    const key = createCustomerKey(this, `${name}-key`, {
      description: `AWS Backup vault ${name} (${stack}): recovery points`,
      context: awsContext(this),
      protect: args.protect,
      alias: name,
    });
    return new aws.backup.Vault(
      name,
      { name: physicalName(name, stack, 50), kmsKeyArn: key.arn, forceDestroy: args.forceDestroy ?? false },
      { parent: this, protect: args.protect },
    );
  }
}

function backupsProblems(args: BackupsArgs, startWindow: number, completionWindow: number): ArgProblem[] {
  const problems = [
    ...intRange("retentionDays", args.retentionDays, 1, 36500, "AWS Backup keeps recovery points 1 day or more"),
    ...intRange("startWindowMinutes", startWindow, 60, 43200, "AWS Backup needs a start window of 60 minutes or more"),
  ];
  if (args.copyTo !== undefined) {
    problems.push(
      ...intRange("copyTo.retentionDays", args.copyTo.retentionDays, 1, 36500, "copies are kept 1 day or more"),
    );
  }
  if (!(completionWindow > startWindow)) {
    problems.push({
      path: "completionWindowMinutes",
      message: `got ${completionWindow}, not above \`startWindowMinutes\` (${startWindow})`,
      fix: `pass more than ${startWindow} minutes`,
    });
  }
  if (args.resourceArns.length === 0) {
    problems.push({
      path: "resourceArns",
      message: "got an empty list; a selection needs at least one resource",
      fix: "pass the ARNs to back up, e.g. the Aurora cluster's and the bucket's",
    });
  }
  return problems;
}
