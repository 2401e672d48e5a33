import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClass, buttonGroupClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import styles from './error-notice.module.css';

interface ErrorNoticeProps {
  /** What went wrong, as the page's heading: only for a page that cannot go on. */
  title?: string;
  /** What it means for the candidate and what to do. */
  children: ReactNode;
  /** The one thing that may fix it (Try again, Resume, Rejoin). */
  action?: { label: string; onClick: () => void };
  /** Offer the way back to the home page. */
  backHome?: boolean;
  /** A whole page, a banner above the call, or a line in a form. */
  layout?: 'page' | 'banner' | 'inline';
  id?: string;
  testId?: string;
}

/** Every error the app shows: announced at once (role="alert"), in one look, with its way out. */
export function ErrorNotice({
  title,
  children,
  action,
  backHome = false,
  layout = 'page',
  id,
  testId,
}: ErrorNoticeProps) {
  const className = layout === 'page' ? `${cardClass} ${styles.page}` : styles[layout];
  return (
    <div role="alert" id={id} data-testid={testId} className={className}>
      {title && <h1 className={styles.title}>{title}</h1>}
      <div className={styles.message}>{children}</div>
      {(action || backHome) && (
        <div className={buttonGroupClass}>
          {action && (
            <button type="button" className={buttonClass('primary')} onClick={action.onClick}>
              {action.label}
            </button>
          )}
          {backHome && (
            <Link href="/" className={buttonClass('secondary')}>
              Back to home
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
