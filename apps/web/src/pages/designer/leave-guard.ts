/**
 * What the app shell needs to ask before a page's work is thrown away in ways a `<Link>` does
 * not cover: signing out (the layout's 退出登录 goes through `confirmLeave`), and the browser's
 * back and forward buttons (a page may take each history move before the router sees it).
 * A page with changes not deployed registers both while it has them (`useUnsavedChangesGuard`).
 * Kept free of imports: the layout loads it with the entry, long before any designer.
 */

/** Asks the user; calls `leave` only if they agree. */
export type LeaveQuestion = (leave: () => void) => void;

/** Looks at a history move first; true when it took the move and the router must not hear of it. */
export type HistoryMoveHandler = (event: PopStateEvent) => boolean;

const questions: LeaveQuestion[] = [];
let historyMoveHandler: HistoryMoveHandler | undefined;

/** Registers a question until the returned function is called. */
export function registerLeaveQuestion(question: LeaveQuestion): () => void {
  questions.push(question);
  return () => {
    const index = questions.lastIndexOf(question);
    if (index >= 0) questions.splice(index, 1);
  };
}

/** Runs `leave` at once when no page has anything to lose, else after the latest page's question. */
export function confirmLeave(leave: () => void): void {
  const question = questions.at(-1);
  if (question) question(leave);
  else leave();
}

/** Lets `handler` see every back/forward move first, until the returned function is called. */
export function interceptHistoryMoves(handler: HistoryMoveHandler): () => void {
  historyMoveHandler = handler;
  return () => {
    if (historyMoveHandler === handler) historyMoveHandler = undefined;
  };
}

// Listeners on window run in the order they were added, whether capturing or not, so this one
// is added when the entry loads: before <BrowserRouter> adds its own, which it does on its first
// render. A listener added later could not keep the move from the router.
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', (event) => {
    if (historyMoveHandler?.(event)) event.stopImmediatePropagation();
  });
}
