/**
 * Tightened specs, pure: the constraint model stored with each spec version (`model`), the
 * check of a requested tightening (`tighten`), `applyConstraints`, which turns constraints into
 * real zod checks (`apply`), the walk through a spec's zod schema (`walk`) and the words (`describe`).
 */
export * from './model';
export { applyConstraints } from './apply';
export { KIND_WORDS, describeConstraints, promptWithRules, rulesDescription } from './describe';
export { kindsFor, tighten, tighteningFromForm } from './tighten';
export { fieldPaths, type FieldInfo } from './walk';
