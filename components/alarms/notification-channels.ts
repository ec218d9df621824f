import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSubscribers } from "./alarm-topic";

/**
 * NotificationChannels is the Google Cloud side of {@link AlarmSubscribers}: one Cloud Monitoring channel
 * per target (type `email` for the address, `webhook_tokenauth` for each https URL, whose token travels in
 * the URL as a pager integration's does), for alert policies to name in `notificationChannels`. The project
 * is the provider's: pass `providers: { gcp }` or `provider` in opts.
 *
 * Unlike an SNS email subscription, a Cloud Monitoring email channel needs no confirmation to deliver.
 */
export class NotificationChannels extends pulumi.ComponentResource {
  /** The channels' resource names (`projects/<p>/notificationChannels/<id>`), for `notificationChannels`. */
  public readonly channelNames: pulumi.Output<string>[];

  constructor(name: string, args: AlarmSubscribers, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:NotificationChannels", name, {}, opts);
    const parent = { parent: this };
    const channels: gcp.monitoring.NotificationChannel[] = [];
    if (args.email !== undefined) {
      channels.push(
        new gcp.monitoring.NotificationChannel(
          `${name}-email`,
          { displayName: `Alarms: ${args.email}`, type: "email", labels: { email_address: args.email } },
          parent,
        ),
      );
    }
    (args.httpsEndpoints ?? []).forEach((url, i) => {
      channels.push(
        new gcp.monitoring.NotificationChannel(
          `${name}-https-${i + 1}`,
          { displayName: `Alarms: webhook ${i + 1}`, type: "webhook_tokenauth", labels: { url } },
          parent,
        ),
      );
    });
    this.channelNames = channels.map((c) => c.name);
    this.registerOutputs({ channelNames: this.channelNames });
  }
}
