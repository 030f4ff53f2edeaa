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

// Upgrade page: the monthly total follows the chosen plan and the number of extra numbers.
function updateUpgradeTotal(form) {
  const plan = form.querySelector('input[name="Form.PlanCode"]:checked');
  const total = form.querySelector('#upgrade-total');
  if (!plan || !total) return;
  const extra = Math.max(0, parseInt(form.querySelector('#extra-numbers')?.value, 10) || 0);
  const cents = parseInt(plan.dataset.monthlyCents, 10) + extra * parseInt(plan.dataset.extraCents, 10);
  const symbol = { USD: '$', EUR: '€', GBP: '£' }[total.dataset.currency] ?? total.dataset.currency + ' ';
  total.textContent = symbol + (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));
}
['input', 'change'].forEach((type) => document.addEventListener(type, (event) => {
  const form = event.target.closest('[data-upgrade-form]');
  if (form) updateUpgradeTotal(form);
}));

// Confirmations: a form with data-confirm (or a submit button with one) asks before it is sent.
// Attributes instead of onclick/onsubmit handlers, which the Content-Security-Policy refuses.
document.addEventListener('submit', (event) => {
  const question = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Progress bars: <div class="progress-bar" data-progress="40"> gets its width here (no inline style).
function setProgressWidths(root) {
  root.querySelectorAll('[data-progress]').forEach((bar) => { bar.style.width = `${bar.dataset.progress}%`; });
}
if (window.htmx) htmx.onLoad(setProgressWidths); else setProgressWidths(document);

// Number holds: <span data-countdown-until="ISO time"> counts down to it (mm:ss) and says when it has ended.
function tickCountdowns() {
  document.querySelectorAll('[data-countdown-until]').forEach((el) => {
    const left = Math.max(0, Math.floor((Date.parse(el.dataset.countdownUntil) - Date.now()) / 1000));
    el.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'no time';
    el.closest('[data-e164]')?.classList.toggle('alert-secondary', left === 0);
  });
}
setInterval(tickCountdowns, 1000);

// htmx settles "style" attributes by setting them inline, which the Content-Security-Policy refuses; no
// page styles elements inline (the number search swaps panels with many ids), so settle the others only.
if (window.htmx) htmx.config.attributesToSettle = ['class', 'width', 'height'];
