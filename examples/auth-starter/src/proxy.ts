// Next.js 16 runs proxy.ts (formerly middleware.ts) on Node.js, so it can read
// the database session through the adapter. Signed-out visits to the pages
// below go to /signin and come back after signing in.
import { NextResponse } from 'next/server';
import { auth } from '@/auth';

export const proxy = auth((req) => {
  if (req.auth) return NextResponse.next();
  const signin = new URL('/signin', req.nextUrl);
  signin.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(signin);
});

export const config = {
  matcher: ['/dashboard/:path*', '/profile/:path*'],
};
