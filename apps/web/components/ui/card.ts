import styles from './card.module.css';

/** A white panel. A component adds its own class beside it for layout, never for the card's own properties. */
export const cardClass = styles.card;
