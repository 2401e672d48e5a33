'use client';
import { useCallback, useEffect, useState } from 'react';

export type MicrophoneAccess = 'checking' | 'granted' | 'denied' | 'unavailable';

/**
 * Asks for the microphone before joining (the browser shows its prompt), so the candidate learns about a
 * blocked or missing microphone before Noah starts talking. The probe's tracks are released at once.
 */
export function useMicrophoneAccess() {
  const [access, setAccess] = useState<MicrophoneAccess>('checking');

  const request = useCallback(async () => {
    setAccess('checking');
    if (!navigator.mediaDevices?.getUserMedia) {
      setAccess('unavailable');
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
      setAccess('granted');
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      setAccess(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
    }
  }, []);

  useEffect(() => {
    void request();
  }, [request]);

  return { access, retry: request };
}
