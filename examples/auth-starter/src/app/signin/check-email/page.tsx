export default function CheckEmail() {
  return (
    <main>
      <h1>Check your email</h1>
      <p>A sign-in link is on its way. Without a mail server (development) it is in the terminal and in outbox/magic-links.txt.</p>
    </main>
  );
}
