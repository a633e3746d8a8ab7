import type { ResourceDef } from "./types.js";

/** core/v1 kinds (filled in by the kind modules). */
export const coreResources: readonly ResourceDef[] = [];
