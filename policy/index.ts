import { PolicyPack } from "@pulumi/policy";
import { allPolicies, PACK_NAME } from "./policies";

// Mandatory by default: a stack judged without a config file gets prod's reading; config/<env>.json relaxes it.
new PolicyPack(PACK_NAME, {
  description: "dr-platform: availability, disaster recovery, security, data safety and cost rules.",
  enforcementLevel: "mandatory",
  policies: allPolicies(),
});
