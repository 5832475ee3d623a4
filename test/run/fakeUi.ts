// A scripted editor UI for the vscode-free flows: answers picks by label and inputs in order, records the rest.
import type { InputOptions, PickItem, SecretStore, Ui } from '../../client/src/run/ui';

export class FakeUi implements Ui {
  inputs: string[] = [];
  picks: string[] = [];
  confirmAnswer = true;
  /** Every question, in order: `pick <title>`, `input <title>` or `password <title>`. */
  readonly asked: string[] = [];
  /** The items offered by each pick, by title. */
  readonly offered = new Map<string, PickItem<unknown>[]>();
  readonly confirms: string[] = [];
  readonly shown: { title: string; text: string }[] = [];
  readonly errors: string[] = [];
  readonly infos: string[] = [];
  /** Errors and infos in the order shown: `error: <message>` or `info: <message>`. */
  readonly messages: string[] = [];

  async pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined> {
    this.asked.push(`pick ${title}`);
    this.offered.set(title, items as PickItem<unknown>[]);
    const want = this.picks.shift();
    return items.find((i) => i.label === want || (want !== undefined && i.label.startsWith(want)))?.value;
  }
  async input(o: InputOptions): Promise<string | undefined> {
    this.asked.push(`${o.password ? 'password' : 'input'} ${o.title}`);
    const v = this.inputs.shift();
    if (v !== undefined && o.validate?.(v)) return undefined;
    return v;
  }
  async confirm(message: string): Promise<boolean> {
    this.confirms.push(message);
    return this.confirmAnswer;
  }
  async show(title: string, text: string): Promise<void> {
    this.shown.push({ title, text });
  }
  error(m: string): void {
    this.errors.push(m);
    this.messages.push(`error: ${m}`);
  }
  info(m: string): void {
    this.infos.push(m);
    this.messages.push(`info: ${m}`);
  }
}

export function memoryStore(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (k) => map.get(k),
    store: async (k, v) => {
      map.set(k, v);
    },
    delete: async (k) => {
      map.delete(k);
    },
  };
}
