/**
 * Asks before a designer's changes that are not deployed are thrown away: closing or
 * reloading the tab (the browser's own beforeunload prompt), following a link or the side
 * menu to another page, the browser's back and forward buttons, signing out, and the page's
 * own actions that replace the document.
 *
 * The app runs on `<BrowserRouter>`, where react-router's `useBlocker` is not available (it
 * needs a data router), so while there are changes the hook wraps the router's navigator:
 * every `<Link>` and `navigate()` goes through its `push`/`replace`. Back and forward are
 * caught before the router sees them (`leave-guard.ts` listens to `popstate` ahead of it), the
 * move undone and the same question asked. Signing out asks through `leave-guard.ts` too.
 */
import { App } from 'antd';
import { useCallback, useContext, useEffect, useRef } from 'react';
import { UNSAFE_NavigationContext, useLocation } from 'react-router-dom';
import { leavesPage, type NavigationTarget } from './designer-model';
import { interceptHistoryMoves, registerLeaveQuestion } from './leave-guard';

export const UNSAVED_CHANGES_QUESTION = '有未部署的修改，确定离开吗？';

type NavigateMethod = (to: NavigationTarget, ...rest: unknown[]) => void;
interface PatchableNavigator {
  push: NavigateMethod;
  replace: NavigateMethod;
}

/** Returns `confirmDiscard(action)`: runs the action at once without changes, else after the user agrees. */
export function useUnsavedChangesGuard(dirty: boolean): (action: () => void) => void {
  const { modal } = App.useApp();
  const { navigator } = useContext(UNSAFE_NavigationContext);
  const { pathname, key: locationKey } = useLocation();
  const asking = useRef(false);

  const confirmDiscard = useCallback(
    (action: () => void) => {
      if (!dirty) {
        action();
        return;
      }
      // One question at a time: a second click while it is open changes nothing.
      if (asking.current) return;
      asking.current = true;
      modal.confirm({
        title: UNSAVED_CHANGES_QUESTION,
        content: '离开后，这些修改将丢失。',
        okText: '离开',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: () => {
          asking.current = false;
          action();
        },
        onCancel: () => {
          asking.current = false;
        },
      });
    },
    [dirty, modal],
  );

  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium shows the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return undefined;
    const router = navigator as unknown as PatchableNavigator;
    const { push, replace } = router;
    const guarded =
      (original: NavigateMethod): NavigateMethod =>
      (to, ...rest) => {
        if (leavesPage(pathname, to)) confirmDiscard(() => original(to, ...rest));
        else original(to, ...rest);
      };
    router.push = guarded(push);
    router.replace = guarded(replace);
    return () => {
      router.push = push;
      router.replace = replace;
    };
  }, [dirty, navigator, pathname, confirmDiscard]);

  useEffect(() => (dirty ? registerLeaveQuestion(confirmDiscard) : undefined), [dirty, confirmDiscard]);

  // Back and forward: the browser has already moved when popstate fires, so the router must
  // not hear of it. The move is undone (by the entries' distance, which the router keeps as
  // `idx` in history.state) and the question asked; 离开 makes the same move again and lets
  // the router have it. Any move is asked about: even one within this page changes `?process=`.
  useEffect(() => {
    if (!dirty) return undefined;
    const here = { state: window.history.state as unknown, url: window.location.href, index: historyIndex(window.history.state) };
    let undoing = false;
    let leaving = false;
    return interceptHistoryMoves((event) => {
      // The undo's popstate comes first even when 离开 was clicked before it arrived.
      if (undoing) {
        undoing = false;
        return true;
      }
      if (leaving) {
        leaving = false;
        return false;
      }
      const target = historyIndex(event.state);
      if (here.index !== undefined && target !== undefined && target !== here.index) {
        const distance = target - here.index;
        undoing = true;
        window.history.go(-distance);
        confirmDiscard(() => {
          leaving = true;
          window.history.go(distance);
        });
      } else {
        // An entry the router did not write: put this page back on top; 离开 steps back to it.
        window.history.pushState(here.state, '', here.url);
        confirmDiscard(() => {
          leaving = true;
          window.history.back();
        });
      }
      return true;
    });
  }, [dirty, locationKey, confirmDiscard]);

  return confirmDiscard;
}

/** The position react-router's BrowserRouter keeps in each history entry's state. */
function historyIndex(state: unknown): number | undefined {
  const index = (state as { idx?: unknown } | null)?.idx;
  return typeof index === 'number' ? index : undefined;
}
