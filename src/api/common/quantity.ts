/**
 * Resource quantities ("500m", "2Gi", "1.5", "1e3") as apimachinery's `api/resource.Quantity`:
 * parsed exactly (to nano units, rounding up as upstream does), compared, added, and printed in
 * upstream's canonical form, which is also how the API server stores them ("0.5" -> "500m",
 * "1024Mi" -> "1Gi", "1.5Gi" -> "1536Mi").
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** Upstream's parse error for a malformed quantity. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANO = 1_000_000_000n;
const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryByExponent = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

const pow10 = (n: number) => 10n ** BigInt(n);
const abs = (n: bigint) => (n < 0n ? -n : n);

/** Divides rounding away from zero (upstream rounds sub-nano amounts up). */
function divAway(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den === 0n ? q : q + (num < 0n ? -1n : 1n);
}

export class Quantity {
  private constructor(
    /** The value in units of 10^-9. */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  /** Parses a quantity string (or a JSON number, which upstream also accepts); undefined when malformed. */
  static parse(input: unknown): Quantity | undefined {
    let s: string;
    if (typeof input === "number" && Number.isFinite(input)) s = String(input);
    else if (typeof input === "string") s = input;
    else return undefined;
    const m = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/.exec(s);
    if (!m) return undefined;
    const [, sign, digits, suffix] = m as unknown as [string, string, string, string];
    const [whole, frac = ""] = digits.split(".");
    let num = BigInt(`${whole}${frac}` || "0");
    let den = pow10(frac.length);
    let format: QuantityFormat;
    if (suffix in decimalSuffixes) {
      format = "DecimalSI";
      const e = decimalSuffixes[suffix]!;
      if (e >= 0) num *= pow10(e);
      else den *= pow10(-e);
    } else if (suffix in binarySuffixes) {
      format = "BinarySI";
      num *= 1024n ** BigInt(binarySuffixes[suffix]!);
    } else {
      const em = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
      if (!em) return undefined;
      const e = Number(em[1]);
      if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
      format = "DecimalExponent";
      if (e >= 0) num *= pow10(e);
      else den *= pow10(-e);
    }
    if (sign === "-") num = -num;
    return new Quantity(divAway(num * NANO, den), format);
  }

  /** A quantity of whole units. */
  static of(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  /** -1, 0 or 1. */
  cmp(other: Quantity): number {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  /** The sum, in this quantity's format (as upstream's Add). */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.format);
  }

  /** Whether the value is a whole number. */
  isInteger(): boolean {
    return this.nanos % NANO === 0n;
  }

  /** The canonical string form, e.g. "500m", "2Gi", "1536Mi", "2G", "1e3". */
  toString(): string {
    if (this.nanos === 0n) return "0";
    let format = this.format;
    if (format === "BinarySI" && (abs(this.nanos) < 1024n * NANO || !this.isInteger())) format = "DecimalSI";
    if (format === "BinarySI") {
      let v = this.nanos / NANO;
      let e = 0;
      while (e < 6 && v % 1024n === 0n) {
        v /= 1024n;
        e++;
      }
      return `${v}${binaryByExponent[e]}`;
    }
    let mantissa = this.nanos;
    let exp = -9;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exp++;
    }
    const mod = ((exp % 3) + 3) % 3;
    mantissa *= pow10(mod);
    exp -= mod;
    if (format === "DecimalSI") {
      const suffix = decimalByExponent.get(exp);
      if (suffix !== undefined) return `${mantissa}${suffix}`;
    }
    return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  }
}

/** The canonical form of a quantity value, or undefined when it is not one. */
export function canonicalQuantity(v: unknown): string | undefined {
  return Quantity.parse(v)?.toString();
}

/**
 * Rewrites every value of a ResourceList (e.g. `resources.limits`) in canonical form, as the
 * API server stores them; malformed values are left for validation to report.
 */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== "object" || list === null || Array.isArray(list)) return;
  const rl = list as Record<string, unknown>;
  for (const [k, v] of Object.entries(rl)) {
    const c = canonicalQuantity(v);
    if (c !== undefined) rl[k] = c;
  }
}
