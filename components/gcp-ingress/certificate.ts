import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/** The DNS record Certificate Manager asks for, as its DNS authorization reports it. */
export interface DnsAuthorizationRecordValue {
  readonly name: pulumi.Input<string>;
  readonly type: pulumi.Input<string>;
  readonly data: pulumi.Input<string>;
}

/** What {@link createGatewayCertificate} builds. */
export interface GatewayCertificate {
  readonly dnsAuthorization: gcp.certificatemanager.DnsAuthorization;
  readonly certificate: gcp.certificatemanager.Certificate;
  readonly map: gcp.certificatemanager.CertificateMap;
  readonly mapEntry: gcp.certificatemanager.CertificateMapEntry;
  /** The CNAME to publish in the public zone: `dnsResourceRecords[0]` of the authorization. */
  readonly record: {
    readonly name: pulumi.Output<string>;
    readonly type: pulumi.Output<string>;
    readonly data: pulumi.Output<string>;
  };
}

/**
 * A Google-managed Certificate Manager certificate for `domainName`, proven by DNS authorization, and the
 * certificate map a Gateway names in its `networking.gke.io/certmap` annotation, with one entry for the
 * host name (the SNI the clients, and Route 53's health checker, send).
 *
 * Why DNS authorization: a load-balancer-authorized certificate (and GKE's ManagedCertificate) is issued
 * only once the name resolves to the load balancer, which a passive site never gets before a failover. With
 * DNS authorization Certificate Manager "can provision certificates in advance, before the target proxy is
 * ready to serve network traffic" (https://cloud.google.com/certificate-manager/docs/domain-authorization),
 * once the authorization's CNAME is published; it renews the same way. The PER_PROJECT_RECORD type gives the
 * CNAME a per-project name, so another project (a rebuilt site, another stack) can authorize the same name
 * without overwriting this one (https://cloud.google.com/certificate-manager/docs/dns-authorizations).
 * Every resource is global (the default location), as a global external Application Load Balancer needs.
 * Facts: docs/sources.md#google-managed-certificate-before-failover; the map entry's hostname is the SNI
 * Route 53's checker sends (docs/sources.md#route-53-health-check-by-ip).
 */
export function createGatewayCertificate(
  parent: pulumi.Resource,
  name: string,
  domainName: string,
  labels?: Record<string, string>,
): GatewayCertificate {
  const opts = { parent };
  const physical = physicalName(name, pulumi.getStack());
  const dnsAuthorization = new gcp.certificatemanager.DnsAuthorization(
    name,
    {
      name: physical,
      description: `Proves control of ${domainName} to Certificate Manager through a CNAME in the public zone`,
      domain: domainName,
      type: "PER_PROJECT_RECORD",
      labels,
    },
    opts,
  );
  const certificate = new gcp.certificatemanager.Certificate(
    name,
    {
      name: physical,
      description: `${domainName}, issued and renewed by DNS authorization, before any traffic arrives`,
      scope: "DEFAULT",
      managed: { domains: [domainName], dnsAuthorizations: [dnsAuthorization.id] },
      labels,
    },
    opts,
  );
  const map = new gcp.certificatemanager.CertificateMap(
    name,
    { name: physical, description: `Certificates of the Gateway serving ${domainName}`, labels },
    opts,
  );
  const mapEntry = new gcp.certificatemanager.CertificateMapEntry(
    name,
    {
      name: physical,
      description: `${domainName}: chosen by SNI`,
      map: map.name,
      hostname: domainName,
      certificates: [certificate.id],
      labels,
    },
    opts,
  );
  // Lifted access: undefined (not a crash) while the authorization has not reported its record.
  const first = dnsAuthorization.dnsResourceRecords[0];
  return {
    dnsAuthorization,
    certificate,
    map,
    mapEntry,
    record: { name: first.name, type: first.type, data: first.data },
  };
}
