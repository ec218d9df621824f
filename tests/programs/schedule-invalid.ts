import * as aws from "@pulumi/aws";
import { OffHoursSchedule } from "../../components/schedules";

// Mistakes at once: OffHoursSchedule must list them all and refuse before registering any child resource.
const provider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });

new OffHoursSchedule(
  "primary-off-hours",
  {
    hours: { timeZone: "Asia/Seol", start: "08:00", stop: "08:00", workingDays: ["MON"], holidays: ["2027-02-30"] },
    // A pilot light's group rests at zero: nothing to switch off, and no database either.
    nodeGroups: {
      "general-az1": {
        clusterName: "secondary-eks-prod",
        nodeGroupName: "general-az1",
        arn: "arn:aws:eks:ap-northeast-2:123456789012:nodegroup/secondary-eks-prod/general-az1/0",
        sizes: { minSize: 0, desiredSize: 0, maxSize: 4 },
      },
    },
    retryWindowSeconds: 30,
  },
  { provider },
);
