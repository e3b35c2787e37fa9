// The TypeScript type a JSON Schema describes, for the subset our response schemas use (object,
// array, string, integer, boolean, enum, nullable). Lets each response shape be written once, as
// a schema, with its type derived from it.

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<P, R> = Simplify<
  { -readonly [K in keyof P & R]: FromSchema<P[K]> } & { -readonly [K in Exclude<keyof P, R>]?: FromSchema<P[K]> }
>;

export type FromSchema<S> =
  S extends { enum: readonly (infer E)[] } ? E
  : S extends { type: 'object'; properties: infer P } ? ObjectOf<P, S extends { required: readonly (infer R)[] } ? R : never>
  : S extends { type: 'array'; items: infer I } ? FromSchema<I>[]
  : S extends { type: 'string' } ? string
  : S extends { type: 'integer' | 'number' } ? number
  : S extends { type: 'boolean' } ? boolean
  : unknown;
