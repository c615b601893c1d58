import { getDatamodel } from '../../generated/pothos-types.ts';

/**
 * The shape of the database as the read executor needs it, derived from the Prisma datamodel (the one
 * source of truth): each model's table, scalar columns with their types, and relations with the
 * foreign key that joins them. Every relation in this schema references the target's `id`.
 */
export type ScalarType = 'Int' | 'String' | 'Boolean' | 'DateTime' | 'Json' | 'Enum';

export interface ToOneRelation {
  kind: 'toOne';
  target: string;
  /** The column on this model holding the target's id. */
  foreignKey: string;
  required: boolean;
}

export interface ToManyRelation {
  kind: 'toMany';
  target: string;
  /** The column on the target model holding this model's id. */
  foreignKey: string;
}

export type Relation = ToOneRelation | ToManyRelation;

export interface ModelInfo {
  name: string;
  scalars: Map<string, ScalarType>;
  relations: Map<string, Relation>;
  /** The fields of the id or compound primary key, in order. */
  primaryKey: string[];
  /** Single fields and field lists that identify a row (for findUnique). */
  uniqueKeys: string[][];
}

interface DatamodelField {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

interface DatamodelModel {
  fields: DatamodelField[];
  primaryKey: { fields: string[] } | null;
  uniqueIndexes: { fields: string[] }[];
}

function scalarTypeOf(field: DatamodelField): ScalarType {
  if (field.kind === 'enum') return 'Enum';
  if (['Int', 'String', 'Boolean', 'DateTime', 'Json'].includes(field.type)) return field.type as ScalarType;
  throw new Error(`the read executor does not know the type ${field.type} of ${field.name}`);
}

function relationOf(models: Record<string, DatamodelModel>, model: string, field: DatamodelField): Relation {
  if (!field.isList) {
    const [foreignKey] = field.relationFromFields ?? [];
    if (foreignKey !== undefined) {
      return { kind: 'toOne', target: field.type, foreignKey, required: field.isRequired };
    }
  }
  const opposite = models[field.type]?.fields.find(
    (candidate) => candidate.relationName === field.relationName && candidate.type === model,
  );
  const [foreignKey] = opposite?.relationFromFields ?? [];
  if (foreignKey === undefined || !field.isList) {
    throw new Error(`the read executor cannot follow ${model}.${field.name}`);
  }
  return { kind: 'toMany', target: field.type, foreignKey };
}

function describeModel(models: Record<string, DatamodelModel>, name: string, model: DatamodelModel): ModelInfo {
  const scalars = new Map<string, ScalarType>();
  const relations = new Map<string, Relation>();
  for (const field of model.fields) {
    if (field.kind === 'object') relations.set(field.name, relationOf(models, name, field));
    else scalars.set(field.name, scalarTypeOf(field));
  }
  const idField = model.fields.find((field) => field.isId)?.name;
  const primaryKey = model.primaryKey?.fields ?? (idField ? [idField] : []);
  const uniqueKeys = [
    primaryKey,
    ...model.fields.filter((field) => field.isUnique).map((field) => [field.name]),
    ...model.uniqueIndexes.map((index) => index.fields),
  ];
  return { name, scalars, relations, primaryKey, uniqueKeys };
}

export function loadModels(): Map<string, ModelInfo> {
  const models = getDatamodel().datamodel.models as unknown as Record<string, DatamodelModel>;
  return new Map(Object.entries(models).map(([name, model]) => [name, describeModel(models, name, model)]));
}

/** Prisma's client names delegates in lower camel case: `articleAuthor` for ArticleAuthor. */
export function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}
