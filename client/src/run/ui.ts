/** What the run flow needs from the editor, injected so the flow runs (and is tested) without VS Code. */
export interface PickItem<T> { label: string; description?: string; detail?: string; value: T }

export interface InputOptions {
  title: string;
  prompt?: string;
  placeHolder?: string;
  password?: boolean;
  /** Returns an error message for an unacceptable value, undefined when fine. */
  validate?: (value: string) => string | undefined;
}

export interface Ui {
  pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal question; true only when the user chose `action`. */
  confirm(message: string, action: string): Promise<boolean>;
  /** Shows a read-only document. */
  show(title: string, text: string): Promise<void>;
  error(message: string): void;
  info(message: string): void;
}

/** Key-value storage for secret values (VS Code's SecretStorage in the extension). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}
