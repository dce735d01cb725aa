/**
 * Variables a front-end build inlines into the JavaScript it ships to every visitor: Next.js
 * `NEXT_PUBLIC_*`, Vite `VITE_*`, Create React App `REACT_APP_*`, Gatsby `GATSBY_*`, Nuxt
 * `NUXT_PUBLIC_*`, Expo `EXPO_PUBLIC_*`, SvelteKit `PUBLIC_*`.
 */
const BROWSER_PREFIX = /^(?:NEXT_PUBLIC_|VITE_|REACT_APP_|GATSBY_|NUXT_PUBLIC_|EXPO_PUBLIC_|PUBLIC_)/;

/** Keys meant for the browser by design (Stripe publishable keys, Supabase anon keys, reCAPTCHA site keys). */
const PUBLIC_BY_DESIGN = /PUBLISHABLE|ANON(?:_?KEY)?$|SITE_?KEY|PUBLIC_?KEY$|MEASUREMENT_ID|_DSN$|CLIENT_?ID$/i;

/** The build prefix of a variable shipped to the browser, or undefined. */
export function browserPrefix(name: string): string | undefined {
  return BROWSER_PREFIX.exec(name)?.[0];
}

/** Is the variable's name one of a key the browser is meant to hold? */
export function publicByDesign(name: string): boolean {
  return PUBLIC_BY_DESIGN.test(name.replace(BROWSER_PREFIX, ''));
}
