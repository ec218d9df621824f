import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Arguments of {@link FakeSite}: what a third cloud's site component would take, reduced to the seam's needs. */
export interface FakeSiteArgs {
  /** A serving cluster stand-in, when the DR mode runs one. @default none - network only */
  readonly serving?: { readonly ipAddress: string };
  /** A database stand-in, when the DR mode keeps one. @default none */
  readonly database?: boolean;
}

/**
 * A test-only site for a pretend third secondary cloud: region-less random resources stand in for its
 * network, cluster and database, so the seam is exercised without any cloud's SDK.
 */
export class FakeSite extends pulumi.ComponentResource {
  public readonly network: random.RandomPet;
  public readonly cluster?: random.RandomPet;
  public readonly database?: random.RandomPet;
  public readonly ipAddress?: string;

  constructor(name: string, args: FakeSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("test:site:FakeSite", name, {}, opts);
    this.network = new random.RandomPet(`${name}-network`, {}, { parent: this });
    if (args.serving) {
      this.cluster = new random.RandomPet(`${name}-cluster`, {}, { parent: this });
      this.ipAddress = args.serving.ipAddress;
    }
    if (args.database) {
      this.database = new random.RandomPet(`${name}-db`, {}, { parent: this });
    }
    this.registerOutputs({ network: this.network.id });
  }
}
