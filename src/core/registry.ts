/** Actions by service and name, built once from the families' lists (app/actions.ts assembles them). */
import type { AnyAction, ServiceName } from './action.js';

export class Registry {
  readonly #byService = new Map<ServiceName, Map<string, AnyAction>>();

  constructor(actions: readonly AnyAction[]) {
    for (const a of actions) {
      let m = this.#byService.get(a.service);
      if (!m) this.#byService.set(a.service, (m = new Map<string, AnyAction>()));
      if (m.has(a.name)) throw new Error(`duplicate action ${a.service}:${a.name}`);
      m.set(a.name, a);
    }
  }

  find(service: ServiceName, name: string): AnyAction | undefined {
    return this.#byService.get(service)?.get(name);
  }

  names(service: ServiceName): string[] {
    return [...(this.#byService.get(service)?.keys() ?? [])].sort();
  }
}
