import type { FormInstance } from 'antd';

// antd types the values a form gives back by name, or all of them at once, as any. These two read them as the form's
// own type, so the rest of a screen never handles an untyped value; a field may be unset, hence the undefined/Partial.

/** The value of one field, by its name in the form's values. */
export function fieldValue<V, K extends keyof V & string>(form: FormInstance<V>, name: K): V[K] | undefined {
  // antd's name type for a generic form is a deep conditional type TypeScript cannot match a plain key against.
  const byName: FormInstance = form;
  return byName.getFieldValue(name) as V[K] | undefined;
}

/** Every value the form holds, also those of fields not on screen (antd's getFieldsValue(true)). */
export function allValues<V>(form: FormInstance<V>): Partial<V> {
  return form.getFieldsValue(true) as Partial<V>;
}
