import type { IKeyValue } from "etcd3";
import type { KeyValue } from "../types.js";

/** A key or value as the bytes etcd stores (UTF-8). */
export function bytes(s: string): Buffer {
  return Buffer.from(s, "utf8");
}

/**
 * etcd's exclusive range end for "every key starting with `prefix`": the prefix with its last
 * byte below 0xff incremented ("\0" — to the end of the keyspace — for the empty prefix).
 */
export function prefixRangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** The first key of a range: etcd spells "from the beginning" as "\0". */
export function rangeStart(key: Buffer): Buffer {
  return key.length === 0 ? Buffer.from([0]) : key;
}

/** The key right after `key` in byte order (where a continued range resumes). */
export function keyAfter(key: string): Buffer {
  return Buffer.concat([bytes(key), Buffer.from([0])]);
}

/** An etcd key-value (int64 fields as decimal strings) as the store's KeyValue. */
export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString("utf8"),
    value: kv.value.toString("utf8"),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    lease: Number(kv.lease),
  };
}
