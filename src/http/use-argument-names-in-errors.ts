import {
  type ASTVisitor,
  GraphQLError,
  specifiedRules,
  type ValidationContext,
  type ValidationRule,
  ValuesOfCorrectTypeRule,
  visitInParallel,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

function withArgument(error: GraphQLError, path: readonly string[], owner: string | undefined): GraphQLError {
  const at = path.length > 1 ? ` at "${path.join('.')}"` : '';
  const of = owner === undefined ? '' : ` of "${owner}"`;
  return new GraphQLError(`Argument "${path[0]}"${of} has an invalid value${at}: ${error.message}`, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * graphql-js's ValuesOfCorrectTypeRule, whose errors about a value written in the document also name
 * the argument and input field it was given for: graphql-js says only what is wrong with the value
 * (`DateTime must be …`), which leaves a client with several date arguments guessing. Variables need
 * nothing: graphql-js names them when it coerces them.
 */
export function ValuesOfCorrectTypeNamingArgumentsRule(context: ValidationContext): ASTVisitor {
  // The argument and the input fields within it being visited; null outside arguments (e.g. in a
  // variable's default value).
  let path: string[] | null = null;
  const reporting: ValidationContext = Object.create(context, {
    reportError: {
      value: (error: GraphQLError) => {
        const directive = context.getDirective();
        const owner = directive ? `@${directive.name}` : context.getFieldDef()?.name;
        context.reportError(path ? withArgument(error, path, owner) : error);
      },
    },
  });
  return visitInParallel([
    {
      Argument: {
        enter(node) {
          path = [node.name.value];
        },
        leave() {
          path = null;
        },
      },
      ObjectField: {
        enter(node) {
          path?.push(node.name.value);
        },
        leave() {
          path?.pop();
        },
      },
    },
    ValuesOfCorrectTypeRule(reporting),
  ]);
}

/** Validates with ValuesOfCorrectTypeNamingArgumentsRule in place of graphql-js's own rule. */
export function useArgumentNamesInErrors(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, ...rest) =>
        validateFn(
          schema,
          document,
          (rules ?? specifiedRules).map((rule: ValidationRule) =>
            rule === ValuesOfCorrectTypeRule ? ValuesOfCorrectTypeNamingArgumentsRule : rule,
          ),
          ...rest,
        ),
      );
    },
  };
}
