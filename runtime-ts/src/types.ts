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
//
// A model names its relations' targets by table name (`target: 'posts'`) and
// every type below looks the target up in the schema's map of models `S`
// (`S['posts']`). No type refers to another table's type structurally, so tsc
// never walks the relation graph to check a constraint: the cost of a type is
// the depth of the include or path written, not the size of the schema.

/**
 * What a generated model type declares: its row type and its relations (a
 * view's model: those two). Where, orderBy and column types derive from the
 * row: `Where<row>`, `OrderBy<row>`, `keyof row & string`.
 */
export interface ModelTypes {
  row: object;
  relations: { [name: string]: RelationTypes };
}

/** A table's model: also its insert type (`NewUser`); updates take `Partial<create>`. */
export interface TableModelTypes extends ModelTypes {
  create: object;
}

/** A table with a primary key: `key` is the key object (`UserKey`), `id` what findById takes (`number` or `UserKey`). */
export interface KeyedModelTypes extends TableModelTypes {
  key: object;
  id: unknown;
}

/** The where type of a model's rows. */
export type WhereOf<M extends ModelTypes> = Where<M['row']>;
/** The orderBy type of a model's rows. */
export type OrderByOf<M extends ModelTypes> = OrderBy<M['row']>;
/** The column (property) names of a model's rows. */
export type ColumnOf<M extends ModelTypes> = keyof M['row'] & string;

/** A relation's cardinality and target table. `many`: has-many / many-to-many; else belongs-to / has-one. */
export interface RelationTypes {
  many: boolean;
  nullable: boolean;
  /** The target table's name: a key of the schema's model map. */
  target: string;
}

/** A to-many relation (has-many, many-to-many) to table T, as model types write it. */
export type ToMany<T extends string> = { many: true; nullable: false; target: T };
/** A to-one relation (belongs-to, has-one) to table T; N: whether the related row may be missing (null). */
export type ToOne<T extends string, N extends boolean> = { many: false; nullable: N; target: T };

/** The model of table N in the model map S (never when there is none). */
export type ModelOf<S, N> = N extends keyof S ? S[N] : never;

type RelationsOf<M> = M extends { relations: infer R } ? R : never;
type RowOf<M> = M extends { row: infer R } ? R : never;
type TargetOf<S, R> = R extends { target: infer N } ? ModelOf<S, N> : never;

/** Options of a to-many include entry. */
export interface IncludeManyOptions<S, M> {
  where?: Where<RowOf<M>>;
  orderBy?: OrderBy<RowOf<M>>;
  /** At most this many children per parent row. */
  limit?: number;
  offset?: number;
  include?: Include<S, M>;
}

/** Options of a to-one include entry. */
export interface IncludeOneOptions<S, M> {
  include?: Include<S, M>;
}

type IncludeEntry<S, R> = true | (R extends { many: true } ? IncludeManyOptions<S, TargetOf<S, R>> : IncludeOneOptions<S, TargetOf<S, R>>);

/** `{ posts: true }`, `{ posts: { where, orderBy, limit, include: { comments: true } } }`. */
export type Include<S, M> = {
  [K in keyof RelationsOf<M>]?: IncludeEntry<S, RelationsOf<M>[K]> | false;
};

/** The include of a call that includes nothing (the default of `I`). */
export type NoInclude = Record<never, never>;

type SubInclude<E> = E extends { include: infer I } ? I : NoInclude;

type RelationValue<S, R, E> = R extends { many: true }
  ? WithIncludes<S, TargetOf<S, R>, SubInclude<E>>[]
  : R extends { nullable: true }
    ? WithIncludes<S, TargetOf<S, R>, SubInclude<E>> | null
    : WithIncludes<S, TargetOf<S, R>, SubInclude<E>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The row of M with the relations named by the include object I loaded, nested (S: the schema's models). */
export type WithIncludes<S, M, I> = Simplify<
  RowOf<M> & {
    [K in keyof I & keyof RelationsOf<M> as I[K] extends false | undefined ? never : K]: RelationValue<S, RelationsOf<M>[K], I[K]>;
  }
>;

type PrevDepth = [never, 0, 1, 2, 3, 4];

/** Dotted relation paths of M up to depth D: 'posts' | 'posts.comments' | ... */
export type RelationPath<S, M, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in keyof RelationsOf<M> & string]:
        | K
        | (PrevDepth[D] extends never ? never : `${K}.${RelationPath<S, TargetOf<S, RelationsOf<M>[K]>, PrevDepth[D]>}`);
    }[keyof RelationsOf<M> & string];

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Tail<P extends string, H extends string> = P extends `${H}.${infer R}` ? R : never;

/** Turns a union of dotted paths into the equivalent include object type. */
export type PathsToInclude<P extends string> = {
  [H in Head<P>]: [Tail<P, H>] extends [never] ? true : { include: PathsToInclude<Tail<P, H>> };
};

/** The row of M with the relations named by the dotted paths P loaded. */
export type WithPaths<S, M, P extends string> = WithIncludes<S, M, PathsToInclude<P>>;
