import type { SalesOrderWire } from "../../contracts/push/sales.ts";

/** `{"orders":[]}`: the body around the orders. */
const EMPTY_BODY_BYTES = Buffer.byteLength(JSON.stringify({ orders: [] }));

/**
 * Consecutive runs of at most `size` orders whose `{"orders":[…]}` body stays within
 * `maxBytes`; an order too large on its own goes alone, for the receiver to refuse.
 */
export function batches<T extends { wire: SalesOrderWire }>(
  due: readonly T[],
  size: number,
  maxBytes: number,
): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let bytes = EMPTY_BODY_BYTES;
  for (const entry of due) {
    const own = Buffer.byteLength(JSON.stringify(entry.wire));
    if (batch.length > 0 && (batch.length >= size || bytes + 1 + own > maxBytes)) {
      out.push(batch);
      batch = [];
      bytes = EMPTY_BODY_BYTES;
    }
    bytes += (batch.length > 0 ? 1 : 0) + own;
    batch.push(entry);
  }
  if (batch.length > 0) out.push(batch);
  return out;
}
