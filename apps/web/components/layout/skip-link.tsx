import styles from './skip-link.module.css';

/** Lets a keyboard user jump past the header to the page's main content. */
export function SkipLink({ target }: { target: string }) {
  return (
    <a href={`#${target}`} className={styles.skipLink}>
      Skip to content
    </a>
  );
}
