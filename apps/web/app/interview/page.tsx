import type { Metadata } from 'next';
import { InterviewCall } from '@/components/call/interview-call.tsx';

export const metadata: Metadata = { title: 'Interview — Rehearse' };

export default function InterviewPage() {
  return <InterviewCall />;
}
