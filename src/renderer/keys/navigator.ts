/**
 * The list that j/k/g/G/Enter act on: the agent list, or the replay when one is open. The list
 * on screen registers itself; keys go to whichever registered last and is still mounted.
 */
export interface ListNavigator {
  move(by: 1 | -1): void;
  moveTo(where: 'first' | 'last'): void;
  open(): void;
}

const stack: ListNavigator[] = [];

export function registerNavigator(nav: ListNavigator): () => void {
  stack.push(nav);
  return () => {
    const i = stack.lastIndexOf(nav);
    if (i >= 0) stack.splice(i, 1);
  };
}

export function activeNavigator(): ListNavigator | null {
  return stack[stack.length - 1] ?? null;
}
