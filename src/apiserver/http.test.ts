import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { decodeBody, jsonDepth, MAX_DEPTH, type Req, readBody } from "./http.js";
import { ApiError } from "./status.js";

describe("request body depth", () => {
  test("jsonDepth counts nesting outside strings, escapes included", () => {
    const cases: [string, number][] = [
      ["1", 0],
      ['"{[{["', 0],
      ["{}", 1],
      ['{"a":[1,{"b":"[{\\"x"}]}', 3],
      [JSON.stringify({ a: "\\{", b: [[["\\\\"]]] }), 4],
    ];
    for (const [s, d] of cases) assert.equal(jsonDepth(s), d, s);
  });

  test("bodies nested deeper than the limit are refused, up to it accepted", () => {
    const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
    assert.deepEqual(
      decodeBody(Buffer.from(nested(MAX_DEPTH)), "application/json"),
      JSON.parse(nested(MAX_DEPTH)),
    );
    assert.throws(
      () => decodeBody(Buffer.from(nested(MAX_DEPTH + 1)), "application/json"),
      /nested deeper than 100/,
    );
    assert.throws(
      () => decodeBody(Buffer.from(nested(MAX_DEPTH + 1)), "application/yaml"),
      /nested deeper than 100/,
    );
  });
});

describe("request bodies", () => {
  test("a body that stops arriving is answered 504 after the timeout; a complete one is read", async () => {
    const slow = new PassThrough();
    slow.write("{");
    const started = Date.now();
    await assert.rejects(readBody(slow as unknown as Req, 1024, 300), (e: unknown) => {
      assert.ok(e instanceof ApiError && e.code === 504, String(e));
      return true;
    });
    assert.ok(Date.now() - started >= 300);
    const done = new PassThrough();
    const read = readBody(done as unknown as Req, 1024, 300);
    done.end('{"a":1}');
    assert.equal((await read).toString(), '{"a":1}');
    const big = new PassThrough();
    const tooBig = readBody(big as unknown as Req, 4, 1000);
    big.end("123456");
    await assert.rejects(tooBig, (e: unknown) => e instanceof ApiError && e.code === 413);
  });
});
