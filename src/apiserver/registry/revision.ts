import type { KubeObject } from "../../api/types.js";
import { copyWith } from "../../util/objects.js";

/** `obj` as stored at `revision`: what decoding the stored text would give, without parsing it. */
export function withRevision(obj: Readonly<KubeObject>, revision: number): KubeObject {
  return { ...obj, metadata: copyWith(obj.metadata, "resourceVersion", String(revision)) };
}
