/**
 * Kubernetes name rules (apimachinery's IsDNS1123Label / IsDNS1123Subdomain).
 * Each returns undefined when the name is fine, or what is wrong with it.
 */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS_LABEL_EXPECTED =
  'a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit';
export const DNS_SUBDOMAIN_EXPECTED =
  'a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit';

export function checkDnsLabel(name: string, maxLength = 63): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is empty';
  if (name.length > maxLength) return `is ${name.length} characters long (at most ${maxLength})`;
  if (!LABEL.test(name)) return 'is not a DNS-1123 label';
  return undefined;
}

export function checkDnsSubdomain(name: string, maxLength = 253): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is empty';
  if (name.length > maxLength) return `is ${name.length} characters long (at most ${maxLength})`;
  if (!SUBDOMAIN.test(name)) return 'is not a DNS-1123 subdomain';
  return undefined;
}

/**
 * Derives a DNS-1123 subdomain from any name (Azure names allow upper case and "_"): lower-case,
 * every run of other characters becomes "-", and leading/trailing separators are dropped.
 */
export function toKubernetesName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-*\.-*/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
}
