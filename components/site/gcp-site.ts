import * as pulumi from "@pulumi/pulumi";
import { GcpNetwork } from "../network";

/** Arguments of {@link GcpSite}. Project and region are its provider's: pass `providers: { gcp }` in opts. */
export interface GcpSiteArgs {
  /** The site's IPv4 block (/14 to /18). */
  readonly vpcCidr: string;
}

/** GcpSite is everything that runs in the Google Cloud secondary region. */
export class GcpSite extends pulumi.ComponentResource {
  public readonly network: GcpNetwork;

  constructor(name: string, args: GcpSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:site:GcpSite", name, {}, opts);
    this.network = new GcpNetwork(`${name}-network`, { cidr: args.vpcCidr }, { parent: this });
    this.registerOutputs({ networkId: this.network.networkId });
  }
}
