import { NextResponse, type NextRequest } from 'next/server';

// signed-out visitors of the account pages go to the login page; beta testers get the beta pages
export function middleware(request: NextRequest) {
  if (!request.cookies.has('session')) return NextResponse.redirect(new URL('/login', request.url));
  if (request.cookies.get('beta')?.value === '1') {
    const url = request.nextUrl.clone();
    url.pathname = `/beta${url.pathname}`;
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

export const config = { matcher: ['/account/:path*'] };
