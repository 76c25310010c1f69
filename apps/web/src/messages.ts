import { ClassifierError } from '@spectromix/classifier';

/** Shows and hides the page's one alert region; the page keeps working after any message. */
export class MessageArea {
  readonly #el: HTMLElement;

  constructor(el: HTMLElement) {
    this.#el = el;
  }

  /** Shows what went wrong: the typed error's own message (what, expected, what to do), else a generic line. */
  error(error: unknown, context: string): void {
    const text = error instanceof ClassifierError ? error.message : `${context} failed: ${error instanceof Error ? error.message : String(error)}`;
    this.#el.textContent = text;
    this.#el.dataset['kind'] = error instanceof Error ? error.name : 'Error';
    this.#el.hidden = false;
  }

  /** Hides the message. */
  clear(): void {
    this.#el.hidden = true;
    this.#el.textContent = '';
    delete this.#el.dataset['kind'];
  }
}
