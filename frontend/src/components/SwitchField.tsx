import { Form, Switch } from 'antd';
import type { ReactNode } from 'react';

export interface SwitchFieldProps {
  /** The field's name in the form's values; the value is a boolean. */
  name: string;
  /** The label, which is also the switch's accessible name. */
  label: string;
  /** A line under the switch saying what turning it on does. */
  extra?: ReactNode;
}

/** An on/off field of an antd Form: a Switch holding the field's boolean (antd reads a Switch's `checked`). */
export function SwitchField({ name, label, extra }: SwitchFieldProps) {
  return (
    <Form.Item name={name} label={label} extra={extra} valuePropName="checked">
      <Switch aria-label={label} />
    </Form.Item>
  );
}
