import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DnsAuthorizationRecordValue } from "./certificate";

/**
 * Arguments of {@link DnsAuthorizationRecord}. Pass `provider` (an AWS provider, the stack's us-east-1
 * "global" one) in opts: the zone lookup and the record use it.
 */
export interface DnsAuthorizationRecordArgs {
  /** The public hosted zone that holds the service's name, e.g. `example.com` (looked up, never created). */
  readonly zoneName: string;
  /** The record Certificate Manager asks for: `GkeGateway.dnsAuthorizationRecord`. */
  readonly record: DnsAuthorizationRecordValue;
  /** Seconds resolvers may cache it; only Certificate Manager's checks read it. @default 300 */
  readonly ttl?: number;
}

/**
 * DnsAuthorizationRecord publishes a Certificate Manager DNS authorization's CNAME in the Route 53 public
 * zone, so Google can issue (and later renew) the Google Cloud site's certificate while Route 53 still
 * answers with the primary. It sits apart from the GCP site because it is an AWS resource of the global
 * DNS, placed like the failover records; nothing else in AWS depends on it. The record stays for as long as
 * the certificate should renew.
 * @see https://cloud.google.com/certificate-manager/docs/dns-authorizations
 */
export class DnsAuthorizationRecord extends pulumi.ComponentResource {
  /** The record's name as Route 53 reports it (no trailing dot). */
  public readonly fqdn: pulumi.Output<string>;

  constructor(name: string, args: DnsAuthorizationRecordArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpingress:DnsAuthorizationRecord", name, {}, opts);
    const parent = { parent: this };
    const zone = aws.route53.getZoneOutput({ name: args.zoneName, privateZone: false }, parent);
    const record = new aws.route53.Record(
      name,
      {
        zoneId: zone.zoneId,
        name: args.record.name,
        type: args.record.type,
        records: [args.record.data],
        ttl: args.ttl ?? 300,
      },
      parent,
    );
    this.fqdn = record.fqdn;
    this.registerOutputs({ fqdn: this.fqdn });
  }
}
