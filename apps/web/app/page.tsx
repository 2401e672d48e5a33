// Placeholder home page; the sign-in / interview UI replaces it.
export default function HomePage() {
  return (
    <main>
      <h1>Rehearse</h1>
      <p>Practise interviews out loud with Noah.</p>
    </main>
  );
}
