/**
 * Whether the signed-in user has a compound with a candidate slate in publicity: the side
 * menu shows 候选人公示 only then. A failed check hides the entry (the page itself still works).
 */
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth/auth-context';

export function useHasCandidateSlates(): boolean {
  const { api, state } = useAuth();
  const [has, setHas] = useState(false);
  const userId = state.status === 'ready' ? state.me.user.id : undefined;
  useEffect(() => {
    if (!userId) return;
    const controller = new AbortController();
    api.candidateSlates(controller.signal).then(
      (slates) => setHas(slates.length > 0),
      () => setHas(false),
    );
    return () => controller.abort();
  }, [api, userId]);
  return has;
}
