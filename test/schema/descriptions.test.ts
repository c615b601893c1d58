import {
  type GraphQLArgument,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.ts';

function undescribedArguments(owner: string, args: readonly GraphQLArgument[]): string[] {
  return args.filter((arg) => !arg.description?.trim()).map((arg) => `${owner}(${arg.name}:)`);
}

/** Every element of `type` a frontend reads in the schema without a description, e.g. `Article.title`. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing = type.description?.trim() ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      if (!field.description?.trim()) missing.push(name);
      missing.push(...undescribedArguments(name, field.args));
    }
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
    }
  } else if (isEnumType(type)) {
    for (const value of type.getValues()) {
      if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('describe every type, field, argument, input field and enum value', () => {
    // GraphQL's own types (String, Int, __Schema…) are described by the specification, not by us.
    const ours = Object.values(buildSchema().getTypeMap()).filter(
      (type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
    );
    expect(ours.flatMap(undescribed)).toEqual([]);
  });
});
