import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FieldSet, fieldPE, keyPE, pathString, valuePE } from "./fieldpath.js";

describe("field sets and FieldsV1", () => {
  test("FieldsV1 round-trips, with '.' marking a node that is itself a member", () => {
    const v1 = {
      "f:metadata": { "f:finalizers": { ".": {}, 'v:"example.com/x"': {} }, "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"a"}': { ".": {}, "f:image": {} },
        },
        "f:replicas": {},
      },
    };
    const set = FieldSet.fromFieldsV1(v1);
    assert.ok(set.has([fieldPE("spec"), fieldPE("replicas")]));
    assert.ok(set.has([fieldPE("spec"), fieldPE("containers"), keyPE({ name: "a" })]));
    assert.ok(!set.has([fieldPE("spec"), fieldPE("containers")]));
    assert.ok(set.has([fieldPE("metadata"), fieldPE("finalizers")]));
    assert.deepEqual(set.toFieldsV1(), v1);
  });

  test("key elements are canonical: sorted keys, Go's escaping", () => {
    assert.equal(keyPE({ protocol: "TCP", containerPort: 80 }), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(valuePE("a<b&c"), 'v:"a\\u003cb\\u0026c"');
    const set = FieldSet.fromFieldsV1({ 'k:{"protocol":"TCP","containerPort":80}': {} });
    assert.ok(set.has([keyPE({ containerPort: 80, protocol: "TCP" })]));
  });

  test("paths print as upstream prints them in conflicts", () => {
    assert.equal(
      pathString([fieldPE("spec"), fieldPE("ports"), keyPE({ port: 80, protocol: "TCP" }), fieldPE("name")]),
      '.spec.ports[port=80,protocol="TCP"].name',
    );
    assert.equal(
      pathString([fieldPE("metadata"), fieldPE("finalizers"), valuePE("x")]),
      '.metadata.finalizers[="x"]',
    );
  });

  test("set algebra works on exact paths; recursive difference drops subtrees", () => {
    const a = FieldSet.of(
      [fieldPE("spec"), fieldPE("a")],
      [fieldPE("spec"), fieldPE("b")],
      [fieldPE("status")],
    );
    const b = FieldSet.of([fieldPE("spec"), fieldPE("b")], [fieldPE("spec")]);
    assert.deepEqual(a.difference(b).toFieldsV1(), { "f:spec": { "f:a": {} }, "f:status": {} });
    assert.deepEqual(a.intersection(b).toFieldsV1(), { "f:spec": { "f:b": {} } });
    assert.deepEqual(a.union(b).toFieldsV1(), {
      "f:spec": { ".": {}, "f:a": {}, "f:b": {} },
      "f:status": {},
    });
    assert.deepEqual(a.recursiveDifference(FieldSet.of([fieldPE("spec")])).toFieldsV1(), { "f:status": {} });
  });

  test("malformed FieldsV1 is refused", () => {
    for (const bad of [[], { "x:y": {} }, { "f:a": 1 }, { "k:[1]": {} }, { "i:one": {} }]) {
      assert.throws(() => FieldSet.fromFieldsV1(bad), JSON.stringify(bad));
    }
  });
});
