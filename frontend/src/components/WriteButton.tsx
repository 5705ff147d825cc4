import { Button, type ButtonProps } from 'antd';
import { useReadOnly } from '@/features/profiles/activeProfile';

/**
 * A button that changes something in Keycloak: disabled on a read-only profile (Tandem refuses every change there),
 * and also when `disabled` says so. Everything else is antd's Button.
 */
export function WriteButton({ disabled, ...props }: ButtonProps) {
  const readOnly = useReadOnly();
  return <Button {...props} disabled={readOnly || disabled} />;
}
