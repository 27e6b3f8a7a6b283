/**
 * Types used by the generated code: where objects, orderBy, find options,
 * includes and the shape of loaded relations.
 */

type Scalar<V> = Exclude<V, null | undefined>;
type StringOps = { like?: string; contains?: string; icontains?: string; startsWith?: string; endsWith?: string };

/** The operators accepted for a column whose value type is V. */
export type Operators<V> = {
  eq?: V;
  ne?: V;
  gt?: Scalar<V>;
  gte?: Scalar<V>;
  lt?: Scalar<V>;
  lte?: Scalar<V>;
  in?: readonly Scalar<V>[];
  notIn?: readonly Scalar<V>[];
  isNull?: boolean;
} & StringOps;

/** A column condition: a value (equality; null means IS NULL) or an operator object. */
export type Condition<V> = V | Operators<V>;

type DjangoOps<T> = {
  [K in keyof T & string as `${K}__eq` | `${K}__exact` | `${K}__ne`]?: T[K];
} & {
  [K in keyof T & string as `${K}__gt` | `${K}__gte` | `${K}__lt` | `${K}__lte`]?: Scalar<T[K]>;
} & {
  [K in keyof T & string as `${K}__in` | `${K}__notIn` | `${K}__notin`]?: readonly Scalar<T[K]>[];
} & {
  [K in keyof T & string as `${K}__isNull` | `${K}__isnull`]?: boolean;
} & {
  [K in keyof T & string as
    | `${K}__like`
    | `${K}__contains`
    | `${K}__icontains`
    | `${K}__startsWith`
    | `${K}__startswith`
    | `${K}__endsWith`
    | `${K}__endswith`]?: string;
};

/** A where object for rows of type T: `{ age: { gte: 18 } }`, `{ age__gte: 18 }`, `{ OR: [...] }`. */
export type Where<T> = { [K in keyof T]?: Condition<T[K]> } & DjangoOps<T> & {
  AND?: readonly Where<T>[] | Where<T>;
  OR?: readonly Where<T>[];
  NOT?: readonly Where<T>[] | Where<T>;
};

export type SortOrder = 'asc' | 'desc' | 'ASC' | 'DESC';

/** `{ created_at: 'desc' }`, or an array of those for several keys in order. */
export type OrderBy<T> = { [K in keyof T]?: SortOrder } | readonly { [K in keyof T]?: SortOrder }[];

export interface FindManyOptions<W, O> {
  where?: W;
  orderBy?: O;
  limit?: number;
  offset?: number;
}

export interface FindOneOptions<W, O> {
  where?: W;
  orderBy?: O;
  /** Skip this many matching rows first. */
  offset?: number;
}

export interface WhereOptions<W> {
  where?: W;
}

export interface UpdateManyOptions<W, P> {
  where: W;
  set: P;
}

export interface UpsertOptions<K extends string> {
  /** The columns of the unique constraint that may conflict (default: the primary key). */
  conflict?: readonly K[];
  /** The columns to overwrite on conflict (default: every given column not in `conflict`). */
  update?: readonly K[];
}

// ---------------------------------------------------------------------------
// Models and includes.

/** What a generated model type declares: its row, where, orderBy and relations. */
export interface ModelTypes {
  row: object;
  where: object;
  orderBy: unknown;
  relations: { [name: string]: RelationTypes };
}

/** A relation's cardinality and target. `many`: has-many / many-to-many; else belongs-to / has-one. */
export interface RelationTypes {
  many: boolean;
  nullable: boolean;
  model: ModelTypes;
}

/** Options of a to-many include entry. */
export interface IncludeManyOptions<M extends ModelTypes> {
  where?: M['where'];
  orderBy?: M['orderBy'];
  /** At most this many children per parent row. */
  limit?: number;
  offset?: number;
  include?: Include<M>;
}

/** Options of a to-one include entry. */
export interface IncludeOneOptions<M extends ModelTypes> {
  include?: Include<M>;
}

type IncludeEntry<R extends RelationTypes> =
  | true
  | (R['many'] extends true ? IncludeManyOptions<R['model']> : IncludeOneOptions<R['model']>);

/** `{ posts: true }`, `{ posts: { where, orderBy, limit, include: { comments: true } } }`. */
export type Include<M extends ModelTypes> = {
  [K in keyof M['relations']]?: IncludeEntry<M['relations'][K]> | false;
};

type SubInclude<E> = E extends { include: infer S } ? S : {};

type RelationValue<R extends RelationTypes, E> = R['many'] extends true
  ? WithIncludes<R['model'], SubInclude<E>>[]
  : R['nullable'] extends true
    ? WithIncludes<R['model'], SubInclude<E>> | null
    : WithIncludes<R['model'], SubInclude<E>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The row of M with the relations named by the include object I loaded, nested. */
export type WithIncludes<M extends ModelTypes, I> = Simplify<
  M['row'] & {
    [K in keyof I & keyof M['relations'] as I[K] extends false | undefined ? never : K]: RelationValue<
      M['relations'][K],
      I[K]
    >;
  }
>;

type PrevDepth = [never, 0, 1, 2, 3, 4];

/** Dotted relation paths of M up to depth D: 'posts' | 'posts.comments' | ... */
export type RelationPath<M extends ModelTypes, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in keyof M['relations'] & string]:
        | K
        | (PrevDepth[D] extends never ? never : `${K}.${RelationPath<M['relations'][K]['model'], PrevDepth[D]>}`);
    }[keyof M['relations'] & string];

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Tail<P extends string, H extends string> = P extends `${H}.${infer R}` ? R : never;

/** Turns a union of dotted paths into the equivalent include object type. */
export type PathsToInclude<P extends string> = {
  [H in Head<P>]: [Tail<P, H>] extends [never] ? true : { include: PathsToInclude<Tail<P, H>> };
};

/** The row of M with the relations named by the dotted paths P loaded. */
export type WithPaths<M extends ModelTypes, P extends string> = WithIncludes<M, PathsToInclude<P>>;
