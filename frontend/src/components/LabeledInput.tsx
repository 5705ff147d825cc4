import { Form, Input } from 'antd';
import type { ReactNode } from 'react';

export interface LabeledInputProps {
  /** The visible label, also the input's accessible name unless `name` is given. */
  label: string;
  /** The accessible name, when the label alone is ambiguous on the screen ("Their password" twice). */
  name?: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Help under the input. */
  extra?: ReactNode;
  /** A password or secret: masked, and never offered by the browser's autofill. */
  secret?: boolean;
  /** "off" for names the browser should not suggest. */
  autoComplete?: string;
  /** Flex basis in a wrapping row, e.g. "1 1 140px". */
  flex?: string;
  /** Space under the item, when the default is too much for a dense form. */
  marginBottom?: number;
  disabled?: boolean;
}

/**
 * One labelled text input of a controlled form (state held by the screen, not by an antd Form store):
 * the Form.Item, the label as the accessible name, and the secret handling in one place.
 */
export function LabeledInput({
  label,
  name = label,
  value,
  onChange,
  placeholder,
  extra,
  secret,
  autoComplete,
  flex,
  marginBottom,
  disabled,
}: LabeledInputProps) {
  const Box = secret ? Input.Password : Input;
  return (
    <Form.Item label={label} extra={extra} style={{ flex, marginBottom }}>
      <Box
        aria-label={name}
        value={value}
        placeholder={placeholder}
        autoComplete={secret ? 'new-password' : autoComplete}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
      />
    </Form.Item>
  );
}
