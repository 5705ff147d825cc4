import { describe, expect, it } from 'vitest';
import type { MapperType } from './api';
import { fromMapperForm, toMapperForm } from './mapperForm';

const audience = {
  id: 'oidc-audience-mapper',
  label: 'Audience',
  help: '',
  fields: [
    { key: 'included.client.audience', label: 'Included client audience', kind: 'client', required: false },
    { key: 'included.custom.audience', label: 'Included custom audience', kind: 'text', required: false },
    { key: 'access.token.claim', label: 'Add to access token', kind: 'bool', required: false, default: 'true' },
    { key: 'id.token.claim', label: 'Add to ID token', kind: 'bool', required: false, default: 'true' },
  ],
} as MapperType;

describe('mapper form state', () => {
  it('shows defaults for a new mapper and sends switches as strings', () => {
    const form = toMapperForm(audience, '');
    expect(form.config['access.token.claim']).toBe(true);
    form.name = ' api audience ';
    form.config['included.custom.audience'] = 'orders-api';
    form.config['id.token.claim'] = false;
    expect(fromMapperForm(audience, form)).toEqual({
      name: 'api audience',
      type: 'oidc-audience-mapper',
      config: { 'included.custom.audience': 'orders-api', 'access.token.claim': 'true', 'id.token.claim': 'false' },
    });
  });

  it('sends only the fields the type shows, so Go keeps the rest', () => {
    const form = toMapperForm(audience, 'aud', {
      'included.client.audience': 'web',
      'access.token.claim': 'false',
      'lightweight.claim': 'true',
    });
    const input = fromMapperForm(audience, form);
    expect(input.config).not.toHaveProperty('lightweight.claim');
    expect(input.config['included.client.audience']).toBe('web');
    expect(input.config['access.token.claim']).toBe('false');
  });
});
