import styles from './button.module.css';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'onDark' | 'danger' | 'warning';

/**
 * The class names of a button, for a <button> or a <Link> that looks like one. One place for every
 * variant, so a component never combines rules from two stylesheets whose order would decide the result.
 */
export function buttonClass(
  variant: ButtonVariant,
  { size, wide = false }: { size?: 'large'; wide?: boolean } = {},
): string {
  return [styles.button, styles[variant], size && styles[size], wide && styles.wide]
    .filter(Boolean)
    .join(' ');
}

/** A <button> that reads as a link (switching between sign-in and sign-up). */
export const linkButtonClass = styles.link;

/** A row of buttons that wraps on a narrow screen. */
export const buttonGroupClass = styles.group;
