import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  APPLY_PATCH,
  applyPatch,
  JSON_PATCH,
  MERGE_PATCH,
  PATCH_TYPES,
  PatchError,
  STRATEGIC_MERGE_PATCH,
} from "./index.js";
import { definitions, POD, pod } from "./testdata.js";

const now = new Date("2024-06-01T12:00:00Z");

describe("applyPatch", () => {
  test("an unsupported patch type is a 415 listing the accepted ones", () => {
    assert.throws(
      () =>
        applyPatch({
          patchType: "application/json",
          current: pod(),
          body: "{}",
          definitions,
          definition: POD,
          now,
        }),
      (e: unknown) =>
        e instanceof PatchError &&
        e.status === 415 &&
        e.reason === "UnsupportedMediaType" &&
        e.message ===
          "the body of the request was in an unknown format - accepted media types include: " +
            "application/json-patch+json, application/merge-patch+json, " +
            "application/strategic-merge-patch+json, application/apply-patch+yaml",
    );
  });

  test("strategic merge patch needs a schema, as upstream refuses it for custom resources", () => {
    assert.throws(
      () => applyPatch({ patchType: STRATEGIC_MERGE_PATCH, current: pod(), body: "{}", now }),
      (e: unknown) => e instanceof PatchError && e.status === 415 && !e.message.includes("strategic"),
    );
  });

  test("custom resources get no strategic merge patch even with a schema", () => {
    assert.throws(
      () =>
        applyPatch({
          patchType: STRATEGIC_MERGE_PATCH,
          current: pod(),
          body: "{}",
          definitions,
          definition: POD,
          customResource: true,
          now,
        }),
      (e: unknown) => e instanceof PatchError && e.status === 415,
    );
  });

  test("force on a non-apply patch and bad field managers are invalid PatchOptions", () => {
    const cases: [Partial<Parameters<typeof applyPatch>[0]>, string][] = [
      [
        { force: true },
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
      ],
      [
        { manager: "x".repeat(129) },
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
      ],
      [
        { manager: "bad\u0007" },
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "bad\\u0007": invalid character U+0007 (at position 3)',
      ],
    ];
    for (const [extra, message] of cases) {
      assert.throws(
        () => applyPatch({ patchType: MERGE_PATCH, current: pod(), body: "{}", now, ...extra }),
        (e: unknown) => {
          assert.ok(e instanceof PatchError);
          assert.equal(e.status, 422);
          assert.equal(e.message, message);
          assert.equal(
            e.toStatus().details && (e.toStatus().details as { kind: string }).kind,
            "PatchOptions",
          );
          return true;
        },
      );
    }
  });

  test("only apply may create", () => {
    assert.throws(
      () => applyPatch({ patchType: MERGE_PATCH, current: undefined, body: "{}", now }),
      (e: unknown) => e instanceof PatchError && e.status === 404,
    );
  });

  test("a patch removing metadata still yields an object with metadata", () => {
    const after = applyPatch({
      patchType: JSON_PATCH,
      current: pod(),
      body: '[{"op":"remove","path":"/metadata"}]',
      now,
    });
    assert.deepEqual(after.metadata, {});
  });

  test("hostile bodies only ever produce PatchErrors", () => {
    const bodies = [
      "",
      "null",
      "[]",
      "{}",
      "[null]",
      '[{"op":"add","path":"","value":1}]',
      '[{"op":"replace","path":"","value":[1]}]',
      '[{"op":"move","from":"/spec","path":"/spec/x"}]',
      '[{"op":"copy","from":"/nope","path":"/x"}]',
      '[{"op":"test","path":"/spec/containers/x"}]',
      '{"spec":{"containers":[[1]]}}',
      '{"spec":{"containers":[1,"a"]}}',
      '{"spec":{"containers":{"$patch":"replace"}}}',
      '{"spec":{"$setElementOrder/containers":"x"}}',
      '{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"zzz"}],"containers":[{"name":"zzz"},{"name":"app"}]}}',
      '{"spec":{"$setElementOrder/containers":[],"containers":[]}}',
      '{"metadata":{"$deleteFromPrimitiveList/labels":["a"]}}',
      '{"$patch":"delete"}',
      '{"$retainKeys":["spec"],"metadata":{}}',
      `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`,
      `${"[".repeat(100000)}`,
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: !!binary aGVsbG8=",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: .inf}",
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","ports":[{"containerPort":1},{"containerPort":1}]}]}}',
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"no"}}',
      '{"apiVersion":"v1","kind":"Pod","metadata":"p"}',
    ];
    for (const patchType of PATCH_TYPES) {
      for (const body of bodies) {
        try {
          const out = applyPatch({
            patchType,
            current: pod(),
            body,
            definitions,
            definition: POD,
            manager: "m",
            now,
          });
          assert.equal(typeof out.metadata, "object", `${patchType} ${body.slice(0, 60)}`);
        } catch (e) {
          assert.ok(e instanceof PatchError, `${patchType} ${body.slice(0, 60)}: ${e}`);
        }
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("random mutations of valid bodies only ever produce PatchErrors", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const seeds: [string, string][] = [
      [
        STRATEGIC_MERGE_PATCH,
        '{"spec":{"containers":[{"name":"app","image":"x","env":[{"name":"A","$patch":"delete"}]}]}}',
      ],
      [JSON_PATCH, '[{"op":"add","path":"/spec/containers/0/env/-","value":{"name":"Z"}}]'],
      [MERGE_PATCH, '{"metadata":{"labels":{"a":null,"b":"c"}}}'],
      [
        APPLY_PATCH,
        '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"y"}]}}',
      ],
    ];
    const alphabet = '{}[]",:$/-0123456789nulltruepatchdeletereplace ';
    for (let i = 0; i < 3000; i++) {
      const [patchType, base] = seeds[i % seeds.length]!;
      const chars = [...base];
      for (let k = 0; k < 1 + rand(4); k++) {
        const pos = rand(chars.length);
        const op = rand(3);
        if (op === 0) chars.splice(pos, 1);
        else if (op === 1) chars.splice(pos, 0, alphabet[rand(alphabet.length)]!);
        else chars[pos] = alphabet[rand(alphabet.length)]!;
      }
      const body = chars.join("");
      try {
        applyPatch({ patchType, current: pod(), body, definitions, definition: POD, manager: "m", now });
      } catch (e) {
        assert.ok(e instanceof PatchError, `${patchType} ${body}: ${e}`);
      }
    }
  });
});
