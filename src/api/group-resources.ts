import type { ResourceDef } from "./types.js";

/** Kinds of the named groups (apps, autoscaling, ...), filled in by the kind modules. */
export const groupResources: readonly ResourceDef[] = [];
