// A refused sign-in or unlock on screen: its message, and the wait ticking down (the form stays
// disabled until it is over; then the password box gets the focus back).
import { useEffect, useState } from 'react';
import { refusal, waitText, type Refusal } from './messages';

export function useRefusal(unlocking: boolean) {
  const [shown, setShown] = useState<Refusal | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const waitUntil = shown?.waitUntil;
  const waiting = waitUntil !== undefined && now < waitUntil;
  // Ticks only while a wait is on (the clock stops with it).
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);
  return {
    message: shown?.message,
    waiting,
    /** "You can try again in 25 s", while waiting. */
    waitLeft: waiting && waitUntil !== undefined ? waitText(waitUntil - now) : undefined,
    refused: (err: unknown) => {
      const at = Date.now();
      setNow(at);
      setShown(refusal(err, at, unlocking));
    },
    /** A problem found before asking the core (an empty field). */
    say: (message: string) => setShown({ message }),
  };
}
