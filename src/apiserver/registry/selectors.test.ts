import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { ApiError } from "../status.js";
import {
  commonFields,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "./selectors.js";

const labels = { app: "web", tier: "front", "example.com/team": "a" };

describe("label selectors", () => {
  const matches = (s: string, l: Record<string, string> | undefined = labels) =>
    matchLabels(parseLabelSelector(s), l);

  it("supports every operator upstream has", () => {
    assert.equal(matches("app=web"), true);
    assert.equal(matches("app==web"), true);
    assert.equal(matches("app!=web"), false);
    assert.equal(matches("app!=db"), true);
    assert.equal(matches("tier in (front, back)"), true);
    assert.equal(matches("tier notin (front)"), false);
    assert.equal(matches("example.com/team"), true);
    assert.equal(matches("!example.com/team"), false);
    assert.equal(matches("!missing"), true);
    assert.equal(matches("app=web,tier in (back)"), false);
    assert.equal(matches(""), true);
  });

  it("treats a missing label as not matching = and in, but matching != and notin", () => {
    assert.equal(matches("missing=x"), false);
    assert.equal(matches("missing in (x)"), false);
    assert.equal(matches("missing!=x"), true);
    assert.equal(matches("missing notin (x)"), true);
    assert.equal(matchLabels(parseLabelSelector("app=web"), undefined), false);
  });

  it("refuses malformed selectors with a 400", () => {
    for (const bad of ["a b c", "=web", "app in web", "bad key!=x", ",", "app=web,"]) {
      assert.throws(
        () => parseLabelSelector(bad),
        (e: unknown) => e instanceof ApiError && e.code === 400,
        bad,
      );
    }
    // An empty value is valid upstream: the label exists with the empty value.
    assert.equal(matches("app=", { app: "" }), true);
  });
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p", namespace: "ns" } } as KubeObject;

  it("matches = and != on the fields a kind supports", () => {
    assert.equal(matchFields(parseFieldSelector("metadata.name=p"), pod, commonFields), true);
    assert.equal(
      matchFields(parseFieldSelector("metadata.name==p,metadata.namespace!=ns"), pod, commonFields),
      false,
    );
    assert.equal(matchFields(parseFieldSelector("metadata.namespace!=other"), pod, commonFields), true);
  });

  it("refuses a selector without an operator", () => {
    assert.throws(
      () => parseFieldSelector("metadata.name"),
      (e: unknown) => e instanceof ApiError && e.code === 400,
    );
  });
});
