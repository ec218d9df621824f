import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/**
 * An ACM certificate for `domainName`, validated by a DNS record in the public zone. Returns the ARN from
 * the validation resource, so a listener that uses it waits until ACM has issued the certificate.
 */
export function createValidatedCertificate(
  parent: pulumi.Resource,
  name: string,
  domainName: pulumi.Input<string>,
  zoneName: pulumi.Input<string>,
): pulumi.Output<string> {
  const opts = { parent };
  const certificate = new aws.acm.Certificate(
    name,
    { domainName, validationMethod: "DNS", tags: { Name: physicalName(name, pulumi.getStack()) } },
    opts,
  );
  const zone = aws.route53.getZoneOutput({ name: zoneName, privateZone: false }, opts);
  // One name, so one validation option. allowOverwrite: a certificate replaced (or re-issued for the
  // same name in another stack) reuses the same CNAME, which must not fail as "already exists".
  const option = certificate.domainValidationOptions[0];
  const record = new aws.route53.Record(
    `${name}-cert-validation`,
    {
      zoneId: zone.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 60,
      allowOverwrite: true,
    },
    opts,
  );
  const validation = new aws.acm.CertificateValidation(
    name,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    opts,
  );
  return validation.certificateArn;
}
