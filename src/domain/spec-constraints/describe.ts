/**
 * The rules in words for the model, not for people: they go into the prompt and the schema's
 * top-level description the model is sent. (What people read about constraints, rules and
 * refused tightenings is worded in views/spec-constraints.ts.)
 */
export function rulesDescription(rules: readonly string[]): string {
  return `Rules every answer must follow:\n${rules.map((r) => `- ${r}`).join('\n')}`;
}

/** The spec's prompt with the free-text rules appended as a list. */
export function promptWithRules(prompt: string, rules: readonly string[]): string {
  return rules.length ? `${prompt}\n\n${rulesDescription(rules)}` : prompt;
}
