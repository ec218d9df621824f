import { AURORA_POSTGRESQL_INSTANCE_CLASSES, EC2_INSTANCE_TYPES } from "../stack-config/catalogues";
import { Bill } from "./bill";
import { notFoundEntry, PriceTable, skuKey } from "./price-table";

/**
 * What keeps a bill from being complete, beyond what the price table names as not found: `cost --check` fails on
 * each. An unknown price is acceptable only when the table says it was looked for and not found (with its
 * reason); a type with no rule, or an instance type or class that does not exist (the config contract's
 * catalogues say which do), never is.
 */
export interface PriceGap {
  readonly kind: "unnamed-price" | "no-rule" | "no-such-type";
  readonly text: string;
}

/** The type or class a compute sku names, and whether the catalogues know it. */
function nonexistentType(sku: string): string | undefined {
  const [service, type] = skuKey(sku).split(":");
  if ((service === "ec2" || service === "ec2-spot") && !EC2_INSTANCE_TYPES.has(type)) {
    return `${type} is not an EC2 instance type`;
  }
  if (service === "aurora-postgresql" && !AURORA_POSTGRESQL_INSTANCE_CLASSES.includes(type)) {
    return `${type} is not an Aurora PostgreSQL instance class`;
  }
  return undefined;
}

export function priceGaps(bill: Bill, table: PriceTable): PriceGap[] {
  const gaps: PriceGap[] = [];
  for (const u of bill.unknownPrices) {
    const where = `${u.sku} in ${u.region} (${u.resources.join(", ")})`;
    const missingType = nonexistentType(u.sku);
    if (missingType !== undefined) {
      gaps.push({ kind: "no-such-type", text: `${where}: ${missingType}` });
    } else if (notFoundEntry(table, u) === undefined) {
      gaps.push({
        kind: "unnamed-price",
        text: `${where}: unknown, and not in the price table's notFound list (price it with a source, or name it with a reason)`,
      });
    }
  }
  for (const u of bill.unclassified) {
    gaps.push({ kind: "no-rule", text: `${u.type} (${u.resources.join(", ")}): no rule in the cost model` });
  }
  return gaps;
}
