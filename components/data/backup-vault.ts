import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, createCustomerKey } from "../aws";
import { physicalName } from "../naming";

/** Arguments of {@link BackupVault}. Its region is its provider's. */
export interface BackupVaultArgs {
  /** Pulumi `protect` on the vault and its key. */
  readonly protect: boolean;
  /** Let the vault be deleted with its recovery points (teardown). @default false */
  readonly forceDestroy?: boolean;
}

/**
 * BackupVault is the destination of cross-region backup copies: the primary's AWS Backup plan copies
 * every recovery point here, under this region's own key, so a lost primary region still leaves a
 * restorable database and bucket (the whole of backup-and-restore DR, and a floor under the others).
 */
export class BackupVault extends pulumi.ComponentResource {
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;

  constructor(name: string, args: BackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:BackupVault", name, {}, opts);
    const key = createCustomerKey(this, `${name}-key`, {
      description: `AWS Backup copies in ${physicalName(name, pulumi.getStack())}`,
      context: awsContext(this),
      protect: args.protect,
      alias: name,
    });
    const vault = new aws.backup.Vault(
      name,
      { name: physicalName(name, pulumi.getStack()), kmsKeyArn: key.arn, forceDestroy: args.forceDestroy ?? false },
      { parent: this, protect: args.protect },
    );
    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.registerOutputs({ vaultArn: this.vaultArn, vaultName: this.vaultName });
  }
}
