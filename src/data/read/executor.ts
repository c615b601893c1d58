import type { ReadDialect } from './dialect.ts';
import type { ModelInfo, Relation, ScalarType, ToManyRelation, ToOneRelation } from './model.ts';

/**
 * Runs the read queries Pothos plans (Prisma `findMany`/`findUnique`/`count`/`groupBy` arguments with
 * nested `select`/`include` trees) as a few hand-built statements: one per relation level, parent ids
 * bound as one parameter, a nested `take` as a per-parent seek. Results have the values Prisma's
 * client would return (Date, boolean, parsed Json). Arguments outside the supported subset throw
 * `UnsupportedQuery`, and the caller hands them to Prisma instead.
 */
export class UnsupportedQuery extends Error {
  override name = 'UnsupportedQuery';
}

export type Row = Record<string, unknown>;

/** Runs one statement and answers its rows; counts it (see statement-count.ts). */
export type RunStatement = (sql: string, params: unknown[]) => Row[] | Promise<Row[]>;

type Args = Record<string, unknown>;

interface Selection {
  scalars: string[];
  /** Relations loaded by a statement of their own. */
  relations: { name: string; relation: Relation; args: Args }[];
  /** To-one relations to a row with no relations selected: read in the parent's statement by a join. */
  joined: { name: string; relation: ToOneRelation; target: ModelInfo; selection: Selection }[];
}

/** The rows of a to-many relation for a set of parents. */
interface ChildQuery {
  target: ModelInfo;
  relation: ToManyRelation;
  selection: Selection;
  args: Args;
  orderings: Ordering[];
  ids: unknown[];
  params: unknown[];
}

interface Ordering {
  field: string;
  direction: 'ASC' | 'DESC';
}

const sortOrders: Record<string, 'ASC' | 'DESC'> = { asc: 'ASC', desc: 'DESC' };
const comparisons: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function isPlainObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function unsupported(message: string): never {
  throw new UnsupportedQuery(message);
}

/** Only these keys may appear in the arguments of a call; anything else is Prisma's to answer. */
function allowKeys(args: Args, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(args)) {
    if (args[key] !== undefined && !allowed.includes(key)) unsupported(`${where}: ${key}`);
  }
}

export class ReadExecutor {
  constructor(
    private readonly models: Map<string, ModelInfo>,
    private readonly dialect: ReadDialect,
  ) {}

  #model(name: string): ModelInfo {
    return this.models.get(name) ?? unsupported(`unknown model ${name}`);
  }

  async findMany(model: string, args: Args, run: RunStatement): Promise<Row[]> {
    allowKeys(args, ['select', 'include', 'where', 'orderBy', 'take', 'skip', 'cursor'], 'findMany');
    const info = this.#model(model);
    const selection = this.#selection(info, args);
    const params: unknown[] = [];
    const alias = 't0';
    const { orderings, reversed } = this.#pageOrder(info, args);
    const conditions = [this.#where(info, alias, args.where, params)];
    if (args.cursor !== undefined) conditions.push(this.#atOrAfterCursor(info, alias, args.cursor, orderings, params));
    const sql = [
      `SELECT ${this.#columns(info, alias, selection)} FROM ${this.#table(info)} AS ${alias}${this.#joins(alias, selection)}`,
      `WHERE ${conditions.join(' AND ')}`,
      this.#orderBy(alias, orderings),
      this.#limit(args, params),
    ].join(' ');
    const rows = await run(sql, params);
    if (reversed) rows.reverse();
    return this.#complete(info, selection, rows, run);
  }

  async findUnique(model: string, args: Args, run: RunStatement): Promise<Row | null> {
    allowKeys(args, ['select', 'include', 'where'], 'findUnique');
    const [row] = await this.findMany(model, { ...args, take: 1 }, run);
    return row ?? null;
  }

  async count(model: string, args: Args, run: RunStatement): Promise<number> {
    allowKeys(args, ['where'], 'count');
    const info = this.#model(model);
    const params: unknown[] = [];
    const where = this.#where(info, 't0', args.where, params);
    const [row] = await run(`SELECT COUNT(*) AS "count" FROM ${this.#table(info)} AS t0 WHERE ${where}`, params);
    return Number(row?.count ?? 0);
  }

  /** `groupBy({ by: [field], where, _count: { _all: true }, orderBy })`: the only grouping the API asks for. */
  async groupBy(model: string, args: Args, run: RunStatement): Promise<Row[]> {
    allowKeys(args, ['by', 'where', '_count', 'orderBy'], 'groupBy');
    const info = this.#model(model);
    const by = Array.isArray(args.by) && args.by.length === 1 ? String(args.by[0]) : unsupported('groupBy: by');
    const count = args._count;
    if (!isPlainObject(count) || Object.keys(count).join() !== '_all' || count._all !== true) {
      unsupported('groupBy: _count');
    }
    const type = info.scalars.get(by) ?? unsupported(`groupBy: ${by}`);
    const params: unknown[] = [];
    const column = `t0.${this.dialect.quote(by)}`;
    const orderings = args.orderBy === undefined ? [] : this.#orderings(info, args.orderBy);
    const sql = [
      `SELECT ${column} AS "key", COUNT(*) AS "count" FROM ${this.#table(info)} AS t0`,
      `WHERE ${this.#where(info, 't0', args.where, params)} GROUP BY ${column}`,
      this.#orderBy('t0', orderings),
    ].join(' ');
    const rows = await run(sql, params);
    return rows.map((row) => ({ [by]: this.dialect.decode(row.key, type), _count: { _all: Number(row.count) } }));
  }

  #table(info: ModelInfo): string {
    return this.dialect.quote(info.name);
  }

  /** The scalars and relations a `select`/`include` asks for (all scalars when neither is given). */
  #selection(info: ModelInfo, args: Args): Selection {
    if (args.select !== undefined && args.include !== undefined) unsupported('select and include together');
    const scalars: string[] = [];
    const relations: Selection['relations'] = [];
    const joined: Selection['joined'] = [];
    const chosen = (args.select ?? args.include) as unknown;
    if (chosen !== undefined && !isPlainObject(chosen)) unsupported('select');
    if (args.select === undefined) scalars.push(...info.scalars.keys());
    for (const [name, value] of Object.entries(chosen ?? {})) {
      if (value === false || value === undefined) continue;
      if (info.scalars.has(name)) {
        if (value !== true) unsupported(`select ${name}`);
        if (args.select !== undefined) scalars.push(name);
        continue;
      }
      const relation = info.relations.get(name) ?? unsupported(`select ${info.name}.${name}`);
      if (value !== true && !isPlainObject(value)) unsupported(`select ${name}`);
      const relationArgs = value === true ? {} : value;
      const leaf = relation.kind === 'toOne' ? this.#leafSelection(relation, relationArgs) : null;
      if (relation.kind === 'toOne' && leaf) joined.push({ name, relation, ...leaf });
      else relations.push({ name, relation, args: relationArgs });
    }
    return { scalars, relations, joined };
  }

  /** The target's selection when it can be joined into the parent's statement: scalars only. */
  #leafSelection(relation: ToOneRelation, args: Args): { target: ModelInfo; selection: Selection } | null {
    allowKeys(args, ['select', 'include'], 'to-one relation');
    const target = this.#model(relation.target);
    const selection = this.#selection(target, args);
    const keyed = target.primaryKey.length === 1;
    return keyed && selection.relations.length === 0 && selection.joined.length === 0 ? { target, selection } : null;
  }

  /** The columns a row needs: what was selected, plus the keys that join its relations. */
  #columns(info: ModelInfo, alias: string, selection: Selection): string {
    const names = new Set(selection.scalars);
    for (const { relation } of selection.relations) {
      for (const key of relation.kind === 'toOne' ? [relation.foreignKey] : info.primaryKey) names.add(key);
    }
    for (const { relation } of selection.joined) names.add(relation.foreignKey);
    if (names.size === 0) for (const key of info.primaryKey) names.add(key);
    const quote = this.dialect.quote;
    const columns = [...names].map((name) => `${alias}.${quote(name)} AS ${quote(name)}`);
    selection.joined.forEach(({ name, target, selection: nested }, index) => {
      const joinAlias = `${alias}j${index}`;
      // The key tells a missing row (an optional relation that is not set) from one whose columns are null.
      for (const column of new Set([...target.primaryKey, ...nested.scalars])) {
        columns.push(`${joinAlias}.${quote(column)} AS ${quote(`${name}.${column}`)}`);
      }
    });
    return columns.join(', ');
  }

  /** The joins that read the selection's joined to-one relations along with each row. */
  #joins(alias: string, selection: Selection): string {
    const quote = this.dialect.quote;
    return selection.joined
      .map(({ relation, target }, index) => {
        const joinAlias = `${alias}j${index}`;
        const [key] = target.primaryKey;
        return ` LEFT JOIN ${this.#table(target)} AS ${joinAlias} ON ${joinAlias}.${quote(key as string)} = ${alias}.${quote(relation.foreignKey)}`;
      })
      .join('');
  }

  /** Decodes the selected scalars of each row and loads its relations, one statement per relation. */
  async #complete(info: ModelInfo, selection: Selection, rows: Row[], run: RunStatement): Promise<Row[]> {
    const results = rows.map((row) => {
      const result: Row = {};
      for (const name of selection.scalars) {
        result[name] = this.dialect.decode(row[name], info.scalars.get(name) as ScalarType);
      }
      for (const { name, target, selection: nested } of selection.joined) {
        result[name] =
          row[`${name}.${target.primaryKey[0]}`] == null ? null : this.#joinedRow(name, target, nested, row);
      }
      return result;
    });
    for (const { name, relation, args } of selection.relations) {
      const related =
        relation.kind === 'toOne'
          ? await this.#loadToOne(relation, args, rows, run)
          : await this.#loadToMany(info, relation, args, rows, run);
      rows.forEach((row, index) => {
        const result = results[index] as Row;
        result[name] = related(row);
      });
    }
    return results;
  }

  #joinedRow(name: string, target: ModelInfo, selection: Selection, row: Row): Row {
    const result: Row = {};
    for (const column of selection.scalars) {
      result[column] = this.dialect.decode(row[`${name}.${column}`], target.scalars.get(column) as ScalarType);
    }
    return result;
  }

  async #loadToOne(
    relation: ToOneRelation,
    args: Args,
    parents: Row[],
    run: RunStatement,
  ): Promise<(parent: Row) => Row | null> {
    allowKeys(args, ['select', 'include'], 'to-one relation');
    const ids = [...new Set(parents.map((parent) => parent[relation.foreignKey]).filter((id) => id != null))];
    if (ids.length === 0) return () => null;
    const target = this.#model(relation.target);
    const [key] = target.primaryKey;
    if (key === undefined || target.primaryKey.length !== 1) unsupported(`to-one relation to ${target.name}`);
    const selection = this.#selection(target, args);
    const withKey = {
      ...selection,
      scalars: selection.scalars.includes(key) ? selection.scalars : [...selection.scalars, key],
    };
    const params: unknown[] = [];
    const sql = `SELECT ${this.#columns(target, 't0', withKey)} FROM ${this.#table(target)} AS t0${this.#joins('t0', withKey)} WHERE ${this.dialect.isOneOf(`t0.${this.dialect.quote(key)}`, ids, params)}`;
    const rows = await run(sql, params);
    const results = await this.#complete(target, selection, rows, run);
    const byId = new Map(rows.map((row, index) => [row[key], results[index] as Row]));
    return (parent) => byId.get(parent[relation.foreignKey]) ?? null;
  }

  async #loadToMany(
    info: ModelInfo,
    relation: ToManyRelation,
    args: Args,
    parents: Row[],
    run: RunStatement,
  ): Promise<(parent: Row) => Row[]> {
    allowKeys(args, ['select', 'include', 'where', 'orderBy', 'take', 'skip', 'cursor'], 'to-many relation');
    const [parentKey] = info.primaryKey;
    if (parentKey === undefined || info.primaryKey.length !== 1) unsupported(`relations of ${info.name}`);
    const ids = [...new Set(parents.map((parent) => parent[parentKey]))];
    if (ids.length === 0) return () => [];
    const target = this.#model(relation.target);
    const selection = this.#selection(target, args);
    const withKey = {
      ...selection,
      scalars: selection.scalars.includes(relation.foreignKey)
        ? selection.scalars
        : [...selection.scalars, relation.foreignKey],
    };
    const { orderings, reversed } = this.#pageOrder(target, args);
    const params: unknown[] = [];
    const query = { target, relation, selection: withKey, args, orderings, ids, params };
    const sql =
      args.take === undefined && args.skip === undefined && args.cursor === undefined
        ? this.#allChildren(query)
        : this.#pageOfChildren(query);
    const rows = await run(sql, params);
    const results = await this.#complete(target, selection, rows, run);
    const byParent = new Map<unknown, Row[]>();
    rows.forEach((row, index) => {
      const parentId = row[relation.foreignKey];
      let siblings = byParent.get(parentId);
      if (!siblings) {
        siblings = [];
        byParent.set(parentId, siblings);
      }
      siblings.push(results[index] as Row);
    });
    if (reversed) for (const siblings of byParent.values()) siblings.reverse();
    return (parent) => byParent.get(parent[parentKey]) ?? [];
  }

  #allChildren({ target, relation, selection, args, orderings, ids, params }: ChildQuery): string {
    const foreignKey = `t0.${this.dialect.quote(relation.foreignKey)}`;
    return [
      `SELECT ${this.#columns(target, 't0', selection)} FROM ${this.#table(target)} AS t0${this.#joins('t0', selection)}`,
      `WHERE ${this.dialect.isOneOf(foreignKey, ids, params)} AND ${this.#where(target, 't0', args.where, params)}`,
      this.#orderBy('t0', orderings),
    ].join(' ');
  }

  /** A page per parent (`take`/`skip`/`cursor`), each found by its own index seek inside one statement. */
  #pageOfChildren({ target, relation, selection, args, orderings, ids, params }: ChildQuery): string {
    const parents = this.dialect.parentIds(ids, 'parent', params);
    const innerConditions = [
      `t1.${this.dialect.quote(relation.foreignKey)} = parent.value`,
      this.#where(target, 't1', args.where, params),
    ];
    if (args.cursor !== undefined)
      innerConditions.push(this.#atOrAfterCursor(target, 't1', args.cursor, orderings, params));
    const innerSql = [
      `SELECT ${this.#keyList(target, 't1')} FROM ${this.#table(target)} AS t1 WHERE ${innerConditions.join(' AND ')}`,
      this.#orderBy('t1', orderings),
      this.#limit(args, params),
    ].join(' ');
    if (target.primaryKey.length === 0) unsupported(`${target.name} has no primary key`);
    const from = this.dialect.rowsPerParent(this.#table(target), 't0', parents, target.primaryKey, innerSql);
    const outerOrder = [{ field: relation.foreignKey, direction: 'ASC' as const }, ...orderings];
    return `SELECT ${this.#columns(target, 't0', selection)} FROM ${from}${this.#joins('t0', selection)} ${this.#orderBy('t0', outerOrder)}`;
  }

  /** The primary key as one comparable value: `t."id"`, or a row value such as `(t."articleId", t."authorId")`. */
  #keyColumns(info: ModelInfo, alias: string): string {
    const columns = this.#keyList(info, alias);
    return info.primaryKey.length === 1 ? columns : `(${columns})`;
  }

  /** The primary key columns as a select list. */
  #keyList(info: ModelInfo, alias: string): string {
    if (info.primaryKey.length === 0) unsupported(`${info.name} has no primary key`);
    return info.primaryKey.map((field) => `${alias}.${this.dialect.quote(field)}`).join(', ');
  }

  /**
   * The ordering to scan in: a negative `take` (Prisma's "last n before the cursor") scans the
   * ordering backwards and the rows are flipped back afterwards. Without an orderBy, rows come by
   * primary key, which is what the database returns for a plain scan.
   */
  #pageOrder(info: ModelInfo, args: Args): { orderings: Ordering[]; reversed: boolean } {
    const given = args.orderBy === undefined ? [] : this.#orderings(info, args.orderBy);
    const orderings = given.length > 0 ? given : info.primaryKey.map((field) => ({ field, direction: 'ASC' as const }));
    const reversed = typeof args.take === 'number' && args.take < 0;
    if (!reversed) return { orderings, reversed };
    return {
      orderings: orderings.map(({ field, direction }) => ({ field, direction: direction === 'ASC' ? 'DESC' : 'ASC' })),
      reversed,
    };
  }

  #orderings(info: ModelInfo, orderBy: unknown): Ordering[] {
    const entries = (Array.isArray(orderBy) ? orderBy : [orderBy]).flatMap((item) =>
      isPlainObject(item) ? Object.entries(item) : unsupported('orderBy'),
    );
    return entries.map(([field, direction]) => {
      const order = typeof direction === 'string' ? sortOrders[direction] : undefined;
      if (!info.scalars.has(field) || order === undefined) unsupported(`orderBy ${field}`);
      return { field, direction: order };
    });
  }

  #orderBy(alias: string, orderings: Ordering[]): string {
    if (orderings.length === 0) return '';
    return `ORDER BY ${orderings.map(({ field, direction }) => `${alias}.${this.dialect.quote(field)} ${direction}`).join(', ')}`;
  }

  #limit(args: Args, params: unknown[]): string {
    const { take, skip } = args;
    if (take !== undefined && !Number.isSafeInteger(take)) unsupported('take');
    if (skip !== undefined && !(Number.isSafeInteger(skip) && (skip as number) >= 0)) unsupported('skip');
    if (take === undefined && skip === undefined) return '';
    const limit = take === undefined ? this.dialect.noLimit : Math.abs(take as number);
    return `LIMIT ${this.dialect.bind(params, limit)} OFFSET ${this.dialect.bind(params, skip ?? 0)}`;
  }

  /**
   * Prisma's cursor: rows from the cursor's own row onwards in the scan order (inclusive; `skip: 1`
   * steps past it). A cursor that names no row yields no rows, as in Prisma.
   */
  #atOrAfterCursor(info: ModelInfo, alias: string, cursor: unknown, orderings: Ordering[], params: unknown[]): string {
    if (!isPlainObject(cursor)) unsupported('cursor');
    const quote = this.dialect.quote;
    const cursorWhere = (subAlias: string) => this.#where(info, subAlias, cursor, params);
    const valueAt = (field: string) =>
      `(SELECT c.${quote(field)} FROM ${this.#table(info)} AS c WHERE ${cursorWhere('c')})`;
    const alternatives: string[] = [];
    orderings.forEach((ordering, index) => {
      const equalBefore = orderings.slice(0, index).map(({ field }) => `${alias}.${quote(field)} = ${valueAt(field)}`);
      const beyond = `${alias}.${quote(ordering.field)} ${ordering.direction === 'ASC' ? '>' : '<'} ${valueAt(ordering.field)}`;
      alternatives.push([...equalBefore, beyond].join(' AND '));
    });
    const atCursor = `${this.#keyColumns(info, alias)} IN (SELECT ${this.#keyList(info, 'c')} FROM ${this.#table(info)} AS c WHERE ${cursorWhere('c')})`;
    return `(${[...alternatives.map((text) => `(${text})`), atCursor].join(' OR ')})`;
  }

  /** A Prisma `where` object as SQL; `TRUE` when it filters nothing. */
  #where(info: ModelInfo, alias: string, where: unknown, params: unknown[]): string {
    if (where === undefined || where === null) return '1 = 1';
    if (!isPlainObject(where)) unsupported('where');
    const conditions: string[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      conditions.push(this.#condition(info, alias, key, value, params));
    }
    return conditions.length === 0 ? '1 = 1' : conditions.map((condition) => `(${condition})`).join(' AND ');
  }

  #condition(info: ModelInfo, alias: string, key: string, value: unknown, params: unknown[]): string {
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const parts = (Array.isArray(value) ? value : [value]).map((part) => this.#where(info, alias, part, params));
      if (key === 'AND') return parts.length === 0 ? '1 = 1' : parts.map((part) => `(${part})`).join(' AND ');
      if (key === 'OR') return parts.length === 0 ? '1 = 0' : parts.map((part) => `(${part})`).join(' OR ');
      return parts.length === 0 ? '1 = 1' : parts.map((part) => `NOT (${part})`).join(' AND ');
    }
    const type = info.scalars.get(key);
    if (type !== undefined) return this.#scalarCondition(`${alias}.${this.dialect.quote(key)}`, type, value, params);
    const relation = info.relations.get(key);
    if (relation !== undefined) return this.#relationCondition(info, alias, relation, value, params);
    const compound = info.uniqueKeys.find((fields) => fields.length > 1 && fields.join('_') === key);
    if (compound !== undefined && isPlainObject(value)) return this.#where(info, alias, value, params);
    return unsupported(`where ${info.name}.${key}`);
  }

  #scalarCondition(column: string, type: ScalarType, value: unknown, params: unknown[]): string {
    if (type === 'Json') unsupported('where on Json');
    if (value === null) return `${column} IS NULL`;
    if (!isPlainObject(value)) return `${column} = ${this.dialect.bind(params, this.dialect.encode(value, type))}`;
    const parts: string[] = [];
    for (const [operator, operand] of Object.entries(value)) {
      if (operand === undefined) continue;
      const comparison = comparisons[operator];
      if (comparison !== undefined) {
        parts.push(`${column} ${comparison} ${this.dialect.bind(params, this.dialect.encode(operand, type))}`);
      } else if (operator === 'equals') {
        parts.push(this.#scalarCondition(column, type, operand, params));
      } else if (operator === 'in' && Array.isArray(operand)) {
        parts.push(
          this.dialect.isOneOf(
            column,
            operand.map((item) => this.dialect.encode(item, type)),
            params,
          ),
        );
      } else if (operator === 'not' && !isPlainObject(operand)) {
        parts.push(
          operand === null ? `${column} IS NOT NULL` : `NOT (${this.#scalarCondition(column, type, operand, params)})`,
        );
      } else {
        unsupported(`where operator ${operator}`);
      }
    }
    return parts.length === 0 ? '1 = 1' : parts.join(' AND ');
  }

  /** `relation: { … }` on a to-one relation, `relation: { some: { … } }` on a to-many one. */
  #relationCondition(info: ModelInfo, alias: string, relation: Relation, value: unknown, params: unknown[]): string {
    if (!isPlainObject(value)) unsupported('relation filter');
    const target = this.#model(relation.target);
    const quote = this.dialect.quote;
    const [targetKey] = target.primaryKey;
    if (relation.kind === 'toOne') {
      if (targetKey === undefined || 'is' in value || 'isNot' in value) unsupported('relation filter');
      const inner = this.#where(target, `${alias}r`, value, params);
      // An empty filter on a required relation holds for every row; on an optional one Prisma means "is set".
      if (inner === '1 = 1') return relation.required ? '1 = 1' : unsupported('empty optional relation filter');
      return `${alias}.${quote(relation.foreignKey)} IN (SELECT ${alias}r.${quote(targetKey)} FROM ${this.#table(target)} AS ${alias}r WHERE ${inner})`;
    }
    const [parentKey] = info.primaryKey;
    if (Object.keys(value).join() !== 'some' || parentKey === undefined) unsupported('to-many relation filter');
    const inner = this.#where(target, `${alias}r`, value.some, params);
    return `${alias}.${quote(parentKey)} IN (SELECT ${alias}r.${quote(relation.foreignKey)} FROM ${this.#table(target)} AS ${alias}r WHERE ${inner})`;
  }
}
