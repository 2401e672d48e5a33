export const TARGET_ROLES = [
  'software_engineer',
  'product_manager',
  'data_scientist',
  'designer',
  'general',
] as const;

export type TargetRole = (typeof TARGET_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<TargetRole, string>> = {
  software_engineer: 'Software engineer',
  product_manager: 'Product manager',
  data_scientist: 'Data scientist',
  designer: 'Designer',
  general: 'General',
};

export function isTargetRole(value: unknown): value is TargetRole {
  return typeof value === 'string' && (TARGET_ROLES as readonly string[]).includes(value);
}

// Checked in this order, first match wins: the more specific roles come before software
// engineering so "product designer", "data scientist" and "machine learning engineer" are not
// swallowed by the generic "product" / "engineer" words.
const ROLE_PATTERNS: ReadonlyArray<readonly [TargetRole, RegExp]> = [
  ['designer', /\b(designers?|design|ux|ui|user experience|interaction|visual)\b/],
  [
    'data_scientist',
    /\b(data scien\w*|data analy\w*|machine learning|ml|ai|statistic\w*|analytics|analyst)\b/,
  ],
  ['product_manager', /\b(product (manager|management|owner|lead)|pm|tpm|program manager)\b/],
  [
    'software_engineer',
    /\b(software|engineer\w*|developer|dev|programmer|coder|swe|sde|backend|back end|frontend|front end|full ?stack|devops|sre|web developer|mobile|ios|android)\b/,
  ],
];

/**
 * Maps a loose role description ("I'm a backend developer") to a target role; anything not
 * recognised is 'general', which has its own question bank.
 */
export function detectRole(text: string): TargetRole {
  const normalised = text.trim().toLowerCase().replace(/[_-]+/g, ' ');
  const exact = normalised.replace(/\s+/g, '_');
  if (isTargetRole(exact)) return exact;
  for (const [role, pattern] of ROLE_PATTERNS) {
    if (pattern.test(normalised)) return role;
  }
  return 'general';
}
