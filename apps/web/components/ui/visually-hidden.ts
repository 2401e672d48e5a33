import styles from './visually-hidden.module.css';

/** For text that screen readers read and the page does not show. */
export const visuallyHiddenClass = styles.visuallyHidden;
