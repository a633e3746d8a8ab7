/**
 * Structured logging: one JSON line per event on stderr, with time, level and component.
 * Quiet by default (warnings and errors only); `-v` raises it to info, `-vv` to debug.
 */
export type Level = "debug" | "info" | "warn" | "error";

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold = order.warn;
let sink: (line: string) => void = (line) => process.stderr.write(line + "\n");

/** Sets the lowest level that is written. */
export function setLogLevel(level: Level): void {
  threshold = order[level];
}

/** Redirects output (for tests and for the CLI's own error printing). */
export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

export interface Logger {
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** A logger whose lines carry `component`. */
export function logger(component: string): Logger {
  const emit = (level: Level, msg: string, fields?: Readonly<Record<string, unknown>>) => {
    if (order[level] < threshold) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
