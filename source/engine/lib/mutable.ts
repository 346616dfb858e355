/** `T` with its readonly fields writable: for builders filling in a model object. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
