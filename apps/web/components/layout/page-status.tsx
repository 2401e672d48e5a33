import type { ReactNode } from 'react';

/** A short, announced status for a page still loading or unable to continue. */
export function PageStatus({
  title,
  children,
  tone = 'info',
}: {
  title: string;
  children?: ReactNode;
  tone?: 'info' | 'error';
}) {
  return (
    <div className={`card page-status page-status--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <h1 className="page-status__title">{title}</h1>
      {children}
    </div>
  );
}
