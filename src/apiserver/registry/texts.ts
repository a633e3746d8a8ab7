/**
 * The JSON text of objects that were just written, so the response to a create or update
 * reuses the text that was stored instead of serializing the object a second time. Only for
 * objects nobody changes afterwards (what storage returns); weakly held. As UTF-8 bytes when
 * the watch cache already has them (see ResourceStorage), else as a string.
 */
const texts = new WeakMap<object, string | Buffer>();

export function rememberText(obj: object, text: string | Buffer): void {
  texts.set(obj, text);
}

/** The JSON text of `obj` if it is known. */
export function knownText(obj: object): string | Buffer | undefined {
  return texts.get(obj);
}
