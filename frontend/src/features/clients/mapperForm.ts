import type { MapperInput, MapperType } from './api';

/** The mapper form's values: switches as booleans, everything else as text. */
export interface MapperFormValues {
  name: string;
  type: string;
  config: Record<string, string | boolean | undefined>;
}

/**
 * Form values for a mapper of this type. A key the mapper's config lacks
 * shows the type's default (what a new mapper gets).
 */
export function toMapperForm(type: MapperType, name: string, config: Record<string, string> = {}): MapperFormValues {
  const values: MapperFormValues['config'] = {};
  for (const f of type.fields) {
    const v = config[f.key] ?? f.default ?? '';
    values[f.key] = f.kind === 'bool' ? v === 'true' : v;
  }
  return { name, type: type.id, config: values };
}

/**
 * The input Go takes: only the type's fields, switches as "true"/"false", empty
 * text left out (Go clears it on an edit; keys the form does not show are kept there).
 */
export function fromMapperForm(type: MapperType, values: MapperFormValues): MapperInput {
  const config: Record<string, string> = {};
  for (const f of type.fields) {
    const v = values.config?.[f.key];
    if (f.kind === 'bool') config[f.key] = v ? 'true' : 'false';
    else if (typeof v === 'string' && v.trim() !== '') config[f.key] = v.trim();
  }
  return { name: values.name.trim(), type: type.id, config };
}
