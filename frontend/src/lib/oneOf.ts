/**
 * The value as one of the choices, or undefined when it is none of them: how an untyped string (a Tabs key, a
 * Segmented value) becomes its union type without an assertion.
 *
 *   onChange={(key) => { const tab = oneOf(tabKeys, key); if (tab) go({ tab }); }}
 */
export function oneOf<T extends string>(choices: readonly T[], value: unknown): T | undefined {
  return choices.find((c) => c === value);
}
