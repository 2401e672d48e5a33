import type { ReactNode } from 'react';
import { cardClass } from '../ui/card.ts';
import styles from './page-status.module.css';

/** A short, announced status for a page still loading or waiting for the candidate (errors: ErrorNotice). */
export function PageStatus({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className={`${cardClass} ${styles.status}`} role="status">
      <h1 className={styles.title}>{title}</h1>
      {children}
    </div>
  );
}
