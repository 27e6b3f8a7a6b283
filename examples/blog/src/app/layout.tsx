import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "noormc blog",
  description: "Users, posts, comments and tags on SQLite, compiled by noormc.",
};

export default function RootLayout({ children }: LayoutProps<"/">) {
  return (
    <html lang="en">
      <body>
        <nav>
          <Link href="/">Posts</Link>
          <Link href="/posts/new">New post</Link>
          <Link href="/users">Authors</Link>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
