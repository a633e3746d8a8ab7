/**
 * The JSON text of objects that were just written, so the response to a create or update
 * reuses the text that was stored instead of serializing the object a second time. Only for
 * objects nobody changes afterwards (what storage returns); weakly held.
 */
const texts = new WeakMap<object, string>();

export function rememberText(obj: object, text: string): void {
  texts.set(obj, text);
}

/** The JSON text of `obj` if it is known. */
export function knownText(obj: object): string | undefined {
  return texts.get(obj);
}
