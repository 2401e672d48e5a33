import type { Metadata } from 'next';
import { ReportView } from '@/components/report/report-view.tsx';

export const metadata: Metadata = { title: 'Interview report — Rehearse' };

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReportView interviewId={id} />;
}
