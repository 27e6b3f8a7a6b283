import type { Metadata } from "next";

export const metadata: Metadata = {
  title: "noormc production config",
  description: "SQLite in production with noormc and Next.js 16.",
};

export default function RootLayout({ children }: LayoutProps<"/">) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "44rem", margin: "0 auto", padding: "1rem" }}>
        {children}
      </body>
    </html>
  );
}
