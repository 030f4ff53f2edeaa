// Copy buttons: <button data-copy-target="#id"> copies the text of the target element.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy-target]');
  if (!button) return;
  const target = document.querySelector(button.dataset.copyTarget);
  if (!target) return;
  const text = target.value ?? target.textContent.trim();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('copy');
  }
  const label = button.innerHTML;
  button.innerHTML = '<i class="bi bi-check2" aria-hidden="true"></i> Copied';
  setTimeout(() => { button.innerHTML = label; }, 1500);
});

// htmx sends the antiforgery token with every request it makes.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers['X-CSRF-TOKEN'] = token.content;
});

// Destination pickers (PBX pages): the outside-number field shows only when "An outside number…" is chosen.
document.addEventListener('change', (event) => {
  const select = event.target.closest('[data-destination-choice]');
  if (!select) return;
  const input = select.closest('[data-destination]').querySelector('[data-destination-external]');
  if (!input) return;
  const external = select.value === 'external';
  input.classList.toggle('d-none', !external);
  if (external) input.focus();
});
