import { describe, expect, it } from 'vitest';
import { detectRole, isTargetRole, ROLE_LABELS, TARGET_ROLES } from '../src/index.ts';

describe('roles', () => {
  it('has the five target roles, each labelled', () => {
    expect(TARGET_ROLES).toEqual([
      'software_engineer',
      'product_manager',
      'data_scientist',
      'designer',
      'general',
    ]);
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...TARGET_ROLES].sort());
    expect(isTargetRole('designer')).toBe(true);
    expect(isTargetRole('Designer')).toBe(false);
  });

  it.each([
    ["I'm a backend developer", 'software_engineer'],
    ['Senior Software Engineer', 'software_engineer'],
    ['full-stack dev', 'software_engineer'],
    ['front end', 'software_engineer'],
    ['SRE', 'software_engineer'],
    ['software_engineer', 'software_engineer'],
    ['Product Manager', 'product_manager'],
    ['product_manager', 'product_manager'],
    ['I want to be a PM', 'product_manager'],
    ['product owner', 'product_manager'],
    ['data scientist', 'data_scientist'],
    ['Data Analyst', 'data_scientist'],
    ['machine learning engineer', 'data_scientist'],
    ['ML researcher', 'data_scientist'],
    ['UX designer', 'designer'],
    ['product designer', 'designer'],
    ['UI/UX', 'designer'],
    ['accountant', 'general'],
    ['', 'general'],
    ['general', 'general'],
  ])('detects %j as %s', (text, role) => {
    expect(detectRole(text)).toBe(role);
  });

  it('does not match role words inside other words', () => {
    expect(detectRole('I build things')).toBe('general');
    expect(detectRole('campaign manager')).toBe('general');
  });
});
