// Validates a catalog-info.yaml as Backstage's catalog does, with its own package
// (@backstage/catalog-model): `$text` placeholders resolved relative to the file (what the
// catalog's placeholder processor does), then the entity policies the catalog applies to
// every entity and the validator of the entity's kind. Prints one line per entity; exits
// non-zero with the reasons on any failure. Usage: node catalog-info.mjs <file>.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const [file] = process.argv.slice(2);
const base = dirname(resolve(file));
const validators = { Component: componentEntityV1alpha1Validator, API: apiEntityV1alpha1Validator };
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** `{ $text: path }` becomes the file's text, anywhere in the entity. */
function resolvePlaceholders(value) {
  if (Array.isArray(value)) return value.map(resolvePlaceholders);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$text') {
      return readFileSync(resolve(base, value.$text), 'utf8');
    }
    return Object.fromEntries(keys.map((k) => [k, resolvePlaceholders(value[k])]));
  }
  return value;
}

let failed = false;
const docs = parseAllDocuments(readFileSync(file, 'utf8'));
for (const doc of docs) {
  if (doc.errors.length > 0) {
    failed = true;
    console.error(doc.errors.map(String).join('\n'));
    continue;
  }
  const entity = resolvePlaceholders(doc.toJS());
  const name = `${entity.kind}:${entity.metadata?.name}`;
  try {
    const enforced = await policy.enforce(entity);
    const validator = validators[entity.kind];
    if (!validator) throw new Error(`no validator for kind ${entity.kind}`);
    if (!(await validator.check(enforced))) throw new Error(`not a ${entity.kind} entity`);
    const extra = entity.kind === 'API' ? ` ${entity.spec.type} definition of ${entity.spec.definition.length} characters` : '';
    console.log(`${name} valid${extra}`);
  } catch (e) {
    failed = true;
    console.error(`${name}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
