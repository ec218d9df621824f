import { Policies } from "@pulumi/policy";
import { availabilityRules } from "./rules/availability";
import { costHygieneRules } from "./rules/cost-hygiene";
import { dataSafetyRules } from "./rules/data-safety";
import { disasterRecoveryRules } from "./rules/disaster-recovery";
import { accessRules } from "./rules/security-access";
import { credentialRules } from "./rules/security-credentials";
import { databaseRules } from "./rules/security-databases";
import { edgeRules } from "./rules/security-edge";
import { encryptionRules } from "./rules/security-encryption";
import { gcpDataRules } from "./rules/security-gcp-data";
import { securityNetworkRules } from "./rules/security-network";
import { supplyChainRules } from "./rules/security-supply-chain";

/**
 * Every rule of the pack, by area. Kept apart from index.ts because constructing the PolicyPack starts a
 * gRPC server: tests and tools import this list, only the engine (or tools/policy) runs index.ts.
 */
export const PACK_NAME = "dr-platform";

export function allPolicies(): Policies {
  return [
    ...availabilityRules(),
    ...disasterRecoveryRules(),
    ...encryptionRules(),
    ...accessRules(),
    ...databaseRules(),
    ...credentialRules(),
    ...gcpDataRules(),
    ...edgeRules(),
    ...supplyChainRules(),
    ...securityNetworkRules(),
    ...dataSafetyRules(),
    ...costHygieneRules(),
  ];
}
