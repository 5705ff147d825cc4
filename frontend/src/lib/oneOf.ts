/**
 * The value as one of the choices, or undefined when it is none of them: how an untyped string (a Tabs key, a
 * Segmented value) becomes its union type without an assertion.
 *
 *   onChange={(key) => { const tab = oneOf(tabKeys, key); if (tab) go({ tab }); }}
 *
 * or, for that common case, `onChange={onOneOf(tabKeys, (tab) => go({ tab }))}`.
 */
export function oneOf<T extends string>(choices: readonly T[], value: unknown): T | undefined {
  return choices.find((c) => c === value);
}

/** A change handler (a Tabs' onChange) that passes on a value only when it is one of the choices. */
export function onOneOf<T extends string>(choices: readonly T[], handle: (value: T) => void): (value: unknown) => void {
  return (value) => {
    const chosen = oneOf(choices, value);
    if (chosen) handle(chosen);
  };
}
