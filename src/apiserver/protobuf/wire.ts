/**
 * Protobuf wire format reading (https://protobuf.dev/programming-guides/encoding/), bounds-checked:
 * every length is checked against the bytes that remain, so a hostile length cannot make the
 * reader allocate or read past its message. Positions are offsets into the buffer given, which
 * error messages report.
 */
import { ProtobufDecodeError } from "./errors.js";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;

/** A span of a buffer: a length-delimited field's payload. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Reads one message: the bytes of `buf` from `start` to `end`. */
export class Reader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  /** Low and high 32 bits (unsigned) of the last varint read. */
  private lo = 0;
  private hi = 0;

  constructor(buf: Uint8Array, span: Span = { start: 0, end: buf.length }) {
    this.buf = buf;
    this.pos = span.start;
    this.end = span.end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field's tag; `number` 1..2^29-1 and `wireType` 0..7 (not checked against the field). */
  tag(): { number: number; wireType: number } {
    const at = this.pos;
    this.varint();
    const number = this.hi === 0 ? this.lo >>> 3 : -1;
    if (number <= 0 || number > 0x1fffffff) throw malformed(`invalid field tag at byte ${at}`);
    return { number, wireType: this.lo & 7 };
  }

  /** An int64 varint as a number (exact up to 2^53, like JSON.parse of the same value). */
  int64(): number {
    this.varint();
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  /** An int32 varint: the low 32 bits, signed, as Go's decoder reads them. */
  int32(): number {
    this.varint();
    return this.lo | 0;
  }

  bool(): boolean {
    this.varint();
    return (this.lo | this.hi) !== 0;
  }

  /** A length-delimited payload's span; the reader moves past it. */
  bytes(): Span {
    const at = this.pos;
    this.varint();
    const length = this.hi === 0 ? this.lo : Number.POSITIVE_INFINITY;
    if (length > this.end - this.pos) {
      throw malformed(
        `length ${this.hi === 0 ? length : "over 2^32"} at byte ${at} runs past the end of its message`,
      );
    }
    const start = this.pos;
    this.pos += length;
    return { start, end: this.pos };
  }

  /** Moves past a field's value of the given wire type (an unknown field). */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_BYTES:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      case WIRE_START_GROUP:
        this.skipGroup();
        return;
      default:
        throw malformed(`invalid wire type ${wireType} before byte ${this.pos}`);
    }
  }

  /** Skips to the end of a group, without recursion: nested groups only move a counter. */
  private skipGroup(): void {
    let depth = 1;
    while (depth > 0) {
      if (this.done) throw malformed("group does not end before its message does");
      const { wireType } = this.tag();
      if (wireType === WIRE_START_GROUP) depth++;
      else if (wireType === WIRE_END_GROUP) depth--;
      else this.skip(wireType);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos)
      throw malformed(`value at byte ${this.pos} runs past the end of its message`);
    this.pos += n;
  }

  /** Reads a varint of at most 10 bytes into lo/hi (bits past 64 are dropped, as Go does). */
  private varint(): void {
    const { buf, end } = this;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw malformed(`varint at byte ${this.pos} is cut off by the end of its message`);
      const b = buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw malformed(`varint longer than 10 bytes before byte ${this.pos}`);
  }
}

function malformed(message: string): ProtobufDecodeError {
  return new ProtobufDecodeError("Malformed", `malformed protobuf: ${message}`);
}
