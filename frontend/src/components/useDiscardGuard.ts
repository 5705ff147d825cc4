import { App, type FormInstance } from 'antd';

/**
 * Closing a form drawer (Escape, the close button, Cancel) with edits in it
 * asks before throwing them away; an untouched form closes at once.
 */
export function useDiscardGuard(form: FormInstance, onClose: () => void, what: string): () => Promise<void> {
  const { modal } = App.useApp();
  return async () => {
    if (!form.isFieldsTouched()) {
      onClose();
      return;
    }
    const discard = await modal.confirm({
      title: `Discard your changes to ${what}?`,
      content: 'What you typed has not been saved.',
      okText: 'Discard',
      okButtonProps: { danger: true },
      cancelText: 'Keep editing',
    });
    if (discard) onClose();
  };
}
