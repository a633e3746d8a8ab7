import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FieldSet, fieldPE, keyPE, LEAF, pathString, shareFieldsV1, valuePE } from "./fieldpath.js";

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

describe("shared FieldsV1 levels", () => {
  test("equal levels become one frozen object; other levels, and levels holding unshared values, do not", () => {
    const level = () => shareFieldsV1({ "f:a": LEAF, "f:b": shareFieldsV1({ ".": LEAF, "f:c": LEAF }) });
    const one = level();
    assert.equal(level(), one);
    assert.ok(Object.isFrozen(one));
    assert.deepEqual(JSON.parse(JSON.stringify(one)), { "f:a": {}, "f:b": { ".": {}, "f:c": {} } });
    // Same keys, a different value below; same entries in another order.
    assert.notEqual(shareFieldsV1({ "f:a": LEAF, "f:b": shareFieldsV1({ ".": LEAF, "f:d": LEAF }) }), one);
    const reordered = shareFieldsV1({ "f:b": shareFieldsV1({ ".": LEAF, "f:c": LEAF }), "f:a": LEAF });
    assert.notEqual(reordered, one);
    assert.deepEqual(Object.keys(reordered), ["f:b", "f:a"]);
    // A value that was not shared (built by hand) keeps its level out of the table.
    const own = { "f:a": { "f:x": {} } };
    assert.equal(shareFieldsV1(own), own);
    assert.ok(!Object.isFrozen(own));
    // Field sets encode to shared levels too.
    const set = new FieldSet();
    set.insert([fieldPE("a")]);
    assert.equal(set.toFieldsV1(), shareFieldsV1({ "f:a": LEAF }));
  });
});
