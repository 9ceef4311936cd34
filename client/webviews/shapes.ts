// Checks of the messages a webview and its host send each other: a message is taken only
// when its `type` is known and every field has the shape declared for that type.

export type Shape = Record<string, (v: unknown) => boolean>;

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether every field of `shape` passes its check on `value`. */
export function has(value: Record<string, unknown>, shape: Shape): boolean {
  return Object.entries(shape).every(([key, check]) => check(value[key]));
}

/** Whether `v` is a message of one of the types in `shapes`, with that type's fields. */
export function isMessage<T>(shapes: Record<string, Shape>, v: unknown): v is T {
  if (!isObject(v) || !Object.hasOwn(v, 'type') || !isString(v.type) || !Object.hasOwn(shapes, v.type)) return false;
  return has(v, shapes[v.type]!);
}
