// The People page's invitation link: shown as a full address of this site, and copied with one click
// (the clipboard needs a secure context; elsewhere the link is selected for Ctrl+C).
document.addEventListener('DOMContentLoaded', () => {
  const link = document.getElementById('invitation-link');
  if (!link) return;
  link.value = new URL(link.dataset.path, window.location.origin).href;
  document.getElementById('copy-invitation').addEventListener('click', async (event) => {
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      event.target.textContent = 'Copied';
    } catch (e) {
      event.target.textContent = 'Press Ctrl+C';
    }
  });
});
