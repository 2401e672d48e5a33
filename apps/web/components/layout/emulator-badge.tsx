import styles from './emulator-badge.module.css';

/** Tells a developer at a glance that sign-in goes to the local Firebase Auth emulator, not a real project. */
export function EmulatorBadge() {
  return (
    <span className={styles.badge} title="Accounts live in the local Firebase Auth emulator">
      Local emulator
    </span>
  );
}
