import { CloudUploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef, type ReactNode } from 'react';

export interface FileButtonProps {
  /** The accessible name of the file input ("CSV file"), which tests and assistive tools use to reach it. */
  label: string;
  /** File types offered by the dialog: ".csv,text/csv". */
  accept: string;
  /** The chosen file; choosing the same file again calls it again. */
  onFile: (file: File) => void;
  disabled?: boolean;
  loading?: boolean;
  /** The button's text: "Choose CSV file", "File: users.csv". */
  children: ReactNode;
}

/** A button that opens the system's file dialog: the file input stays hidden behind it. */
export function FileButton({ label, accept, onFile, disabled, loading, children }: FileButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={label}
        style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that the same file chosen again (after fixing it) is read again.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <Button
        icon={<CloudUploadOutlined aria-hidden />}
        onClick={() => input.current?.click()}
        disabled={disabled}
        loading={loading}
      >
        {children}
      </Button>
    </>
  );
}
