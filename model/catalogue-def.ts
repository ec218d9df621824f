/** The shape of a catalogue entry and the helper each of the catalogue's files defines its types with. */

export type Tier =
  | "network"
  | "edge"
  | "compute"
  | "data"
  | "dns"
  | "interconnect"
  | "identity"
  | "security"
  | "observability"
  | "operations"
  | "workload"
  | "random";
export type Placement = "zonal" | "regional" | "global" | "in-cluster" | "none";
export type Cloud = "aws" | "gcp" | "kubernetes" | "random";

export interface CatalogueEntry {
  readonly token: string;
  readonly cloud: Cloud;
  readonly label: string;
  readonly diagram?: readonly [singular: string, plural: string];
  readonly tier: Tier;
  readonly placement: Placement;
  readonly stateful: boolean;
}

export interface Def<K extends string> {
  readonly token: K;
  readonly label: string;
  readonly tier: Tier;
  readonly placement: Placement;
  readonly stateful: boolean;
  readonly diagram?: readonly [string, string];
}

export const def = <K extends string>(
  token: K,
  label: string,
  tier: Tier,
  placement: Placement,
  more: { stateful?: boolean; diagram?: readonly [string, string] } = {},
): Def<K> => ({
  token,
  label,
  tier,
  placement,
  stateful: more.stateful ?? false,
  ...(more.diagram ? { diagram: more.diagram } : {}),
});

export const STATE = { stateful: true } as const;
export const K8S = "in-cluster" as const;
